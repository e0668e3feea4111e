"""Writes the converted encoder's hidden states for a few fixed texts, which ConvertedEncoderTest (Java, in CI) checks
against the original ONNX model run by ONNX Runtime: proof that the weight mapping is right before any training.

  python3 conversion_fixture.py --base target/training/all-minilm-l6-v2.onnx --data target/training/data.jsonl \
      --out src/test/resources/toxicity/converted-encoder-states.json
"""
import argparse
import json

import torch

import bert
import train


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    encoder = bert.from_onnx(args.base).eval()
    rows = [r for r in train.read(args.data) if r["split"] == "probe"][:3]
    cases = []
    with torch.no_grad():
        for r in rows:
            ids = torch.tensor([r["ids"]])
            states = encoder(ids, torch.ones_like(ids))[0]
            cases.append({"text": r["text"], "ids": r["ids"], "hidden_states": [[round(float(v), 5) for v in t] for t in states]})
    with open(args.out, "w") as f:
        json.dump({"base": args.base.split("/")[-1], "cases": cases}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
