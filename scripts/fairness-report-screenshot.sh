#!/usr/bin/env bash
# Replays the BOLD group-labelled prompts through the embedded pipeline, renders the fairness audit report and checks it
# in a real headless browser (Debian's chromium), leaving a screenshot in docs/.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
[ -f target/moderation-stream.jar ] || mvn -B -q package -DskipTests
mkdir -p target/bold docs
java -jar target/moderation-stream.jar samples bold --out target/bold/events.jsonl --per-group 40
java -jar target/moderation-stream.jar replay --input target/bold/events.jsonl --output-dir target/bold/out 2>/dev/null
java -jar target/moderation-stream.jar fairness report --input target/bold/out/verdicts.jsonl --out target/bold/report.html
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$(mktemp -d)" --window-size=1200,1800 \
  --screenshot=docs/fairness-report-bold.png "file://$PWD/target/bold/report.html" 2>/dev/null
# The page must have rendered its tables and charts, not an error page.
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --user-data-dir="$(mktemp -d)" \
  --dump-dom "file://$PWD/target/bold/report.html" 2>/dev/null | grep -c "<svg" | xargs -I{} sh -c '[ {} -ge 5 ] && echo "report OK: {} charts"'
