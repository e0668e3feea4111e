"""Prints the leave-one-dataset-out results as the Markdown table in MODEL_CARD.md."""
import json
import pathlib
import sys

folder = pathlib.Path(sys.argv[1])
print("| held-out dataset | texts evaluated | toxicity ROC-AUC | identity_attack ROC-AUC | toxicity recall at 0.5 | training draws |")
print("|---|---|---|---|---|---|")
for path in sorted(folder.glob("*.json")):
    m = json.loads(path.read_text())
    sources = m["evaluation"]["sources"]
    texts = sum(s["texts"] for s in sources.values())

    def weighted(key):
        vals = [(s[key], s["texts"]) for s in sources.values() if key in s]
        if not vals:
            return "—"
        return f"{sum(v * n for v, n in vals) / sum(n for _, n in vals):.3f}"

    print(f"| {m['hold_out']} | {texts} | {weighted('toxicity')} | {weighted('identity_attack')} | "
          f"{weighted('toxicity_recall_at_0.5')} | {m['examples']} |")
