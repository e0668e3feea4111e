#!/usr/bin/env bash
# Leave-one-dataset-out validation: for each dataset, fine-tune on all the others (a smaller budget than the shipped
# model: EXAMPLES draws) and evaluate on the one left out. Results: target/training/loso/<dataset>.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
EXAMPLES=${EXAMPLES:-5000}
mkdir -p target/training/loso
for d in davidson hatemoji decodingtrust hatexplain sbic implicit-hate dynahate olid mlma convabuse stormfront civil-comments-toxic; do
  [ -s "target/training/loso/$d.json" ] && continue
  /usr/bin/python3 training/toxicity/train.py --data target/training/data.jsonl --base target/training/all-minilm-l6-v2.onnx \
    --out target/training/loso/model.pt --examples "$EXAMPLES" --hold-out "$d" --eval-limit 3000 \
    --metrics-out "target/training/loso/$d.json" > "target/training/loso/$d.log" 2>&1
done
rm -f target/training/loso/model.pt
/usr/bin/python3 training/toxicity/loso_table.py target/training/loso
