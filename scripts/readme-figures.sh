#!/usr/bin/env bash
# Regenerates every figure README.md, MODEL_CARD.md and BENCHMARKS.md quote that a command can reproduce, printing
# each next to the section that quotes it. Needs ../shared/data; the benchmarks want a quiet machine.
#   bash scripts/readme-figures.sh            # quality figures (about 10 minutes on 2 cores)
#   BENCH=1 bash scripts/readme-figures.sh    # ... and the benchmarks (about 15 minutes more)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/moderation-stream.jar ] || mvn -B -q package -DskipTests
JAR="java -jar target/moderation-stream.jar"
S=../shared/data
mkdir -p target/figures

echo "== README 'Hallucinated citations': HALLMARK dev, local index only; 'citations coverage'"
$JAR evaluate citations --input $S/citations-eval/hallmark-dev/data_v1.0_dev_public.jsonl --format hallmark | tail -1
$JAR citations coverage | python3 -c 'import json,sys; c=json.load(sys.stdin); print(len(c["venues"]), "venues,", sum(map(len, c["venues"].values())), "venue-years,", c["papers"], "papers")'

echo "== README 'Privacy': samples pii + evaluate pii (seeds 7 and 99)"
for seed in 7 99; do
  $JAR samples pii --out target/figures/pii-$seed.jsonl --seed $seed >/dev/null
  $JAR evaluate pii --input target/figures/pii-$seed.jsonl | tail -1
done

echo "== README 'Protected material': protected index + protected evaluate (seeds 1 and 2, 1,000 cases per kind)"
rm -rf target/figures/protected-index
$JAR protected index --input $S/protected/corpus --out target/figures/protected-index | tail -1
for seed in 1 2; do
  $JAR protected evaluate --index target/figures/protected-index --per-kind 1000 --seed $seed | tail -1
done

echo "== MODEL_CARD 'Long-form evaluation': samples toxicity-longform + evaluate toxicity --as-scorer (max and context)"
$JAR samples toxicity-longform --out target/figures/longform.jsonl >/dev/null
$JAR evaluate toxicity --input target/figures/longform.jsonl --as-scorer | tail -1
$JAR evaluate toxicity --input target/figures/longform.jsonl --as-scorer --text-scoring context | tail -1

echo "== README 'Fairness': BOLD with groups (report, screenshot, flag rates) and without (derived dimensions)"
bash scripts/fairness-report-screenshot.sh | tail -6
bash scripts/derived-dimensions-bold.sh | tail -3

if [ "${BENCH:-0}" = 1 ]; then
  echo "== BENCHMARKS"
  $JAR bench --quick | tail -1
  $JAR bench citations | tail -1
  $JAR bench pii | tail -1
  $JAR bench protected | tail -1
fi
