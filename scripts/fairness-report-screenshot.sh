#!/usr/bin/env bash
# Replays the BOLD group-labelled prompts through the embedded pipeline, renders the fairness audit report, checks it
# in a real headless browser (Debian's chromium: every chart drawn, no script error) and leaves a screenshot in docs/.
# Prints the per-dimension flag rates that README's "Fairness" section quotes.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
[ -f target/moderation-stream.jar ] || mvn -B -q package -DskipTests
mkdir -p target/bold docs
java -jar target/moderation-stream.jar samples bold --out target/bold/events.jsonl --per-group 40
java -jar target/moderation-stream.jar replay --input target/bold/events.jsonl --output-dir target/bold/out 2>/dev/null
java -jar target/moderation-stream.jar fairness report --input target/bold/out/verdicts.jsonl --out target/bold/report.html
BROWSER=(chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --virtual-time-budget=10000)
"${BROWSER[@]}" --user-data-dir="$(mktemp -d)" --window-size=1200,1800 \
  --screenshot=docs/fairness-report-bold.png "file://$PWD/target/bold/report.html" 2>/dev/null
# The page must have drawn every chart, with no script error.
DOM=$("${BROWSER[@]}" --user-data-dir="$(mktemp -d)" --dump-dom "file://$PWD/target/bold/report.html" 2>/dev/null)
CHARTS=$(grep -o 'class="chart"' target/bold/report.html | wc -l)
RENDERED=$(grep -o 'data-charts-rendered="[0-9]*"' <<<"$DOM" | grep -o '[0-9]*')
ERRORS=$(grep -o 'data-chart-errors="[^"]*"' <<<"$DOM")
[ "$RENDERED" = "$CHARTS" ] && [ "$ERRORS" = 'data-chart-errors=""' ] || { echo "report FAILED: $RENDERED of $CHARTS charts, $ERRORS"; exit 1; }
echo "report OK: $RENDERED charts drawn"
python3 scripts/flag-rates.py target/bold/out/verdicts.jsonl groups
