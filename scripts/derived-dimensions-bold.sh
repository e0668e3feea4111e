#!/usr/bin/env bash
# BOLD's openings with their groups removed, through `replay`: the fairness rows come from the dimensions the job
# derives from the text alone (mentioned_identity, its category, language). Prints the figures README quotes.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/moderation-stream.jar ] || mvn -B -q package -DskipTests
mkdir -p target/bold-derived
java -jar target/moderation-stream.jar samples bold --out target/bold-derived/with-groups.jsonl --per-group 40
python3 - <<'PY'
import json
with open("target/bold-derived/with-groups.jsonl") as f, open("target/bold-derived/events.jsonl", "w") as out:
    for line in f:
        event = json.loads(line)
        event["groups"] = {}
        out.write(json.dumps(event) + "\n")
PY
rm -rf target/bold-derived/out
java -jar target/moderation-stream.jar replay --input target/bold-derived/events.jsonl --output-dir target/bold-derived/out 2>/dev/null
python3 scripts/flag-rates.py target/bold-derived/out/verdicts.jsonl derived_groups --min 20
