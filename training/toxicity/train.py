"""Fine-tunes the BERT encoder end to end as the seven-attribute toxicity classifier.

Reads the JSON lines written by `toxicity export-training-data` (token ids from the serving tokenizer, soft targets
with the attributes a source does not label left out), samples sources and classes in balance, trains with a masked
binary cross-entropy and reports ROC-AUC per source, per group and on HatemojiBuild validation.

  python3 train.py --data target/training/data.jsonl --base target/training/all-minilm-l6-v2.onnx --out target/training/model.pt
  python3 train.py ... --hold-out dynahate --examples 6000    # one leave-one-source-out fold
"""
import argparse
import json
import math
import os
import random
import sys
import time
from collections import defaultdict

import numpy as np
import torch

import bert

POSITIVE = 0.5


def read(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            target = np.full(len(bert.ATTRIBUTES), np.nan, dtype=np.float32)
            for a, v in r["targets"].items():
                target[bert.ATTRIBUTES.index(a)] = v
            rows.append({"source": r["source"], "split": r["split"], "ids": r["ids"], "target": target,
                         "groups": r["groups"], "text": r["text"]})
    return rows


def family(source):
    """The dataset a source belongs to (DecodingTrust ships prompts, continuations and generations)."""
    if source.startswith("rtp-") or source.startswith("decodingtrust"):
        return "decodingtrust"
    return source.replace("hatemoji-train", "hatemoji")


# Sources with positives only (news comments all rated toxic): at full weight they teach that the news-comment
# register itself is toxic, so they are drawn at a quarter of their square-root share.
POSITIVES_ONLY = {"civil-comments-toxic", "toxic-spans"}
# Harmless text that looks like what an assistant writes (long prose, talk-page discussion) is most of a real stream.
BENIGN_BOOST = {"benign-longform": 3.0, "wiki-talk": 2.0}


# Presets: class balance within a source (1 = equal toxic and non-toxic shares, 0 = natural shares), the boost of the
# long harmless sources and the weight of the positives-only news comments.
RECIPES = {"shipped": (1.0, 1.0, 1.0), "v3": (0.0, None, 0.25), "v3-mild": (0.5, None, 0.5)}


def sampling_weights(rows, recipe="shipped"):
    """Sources in proportion to the square root of their size (no source drowns the rest); within a source, a mix of
    equal class shares (the shipped model's recipe) and natural shares (a stream is a few percent toxic; 50/50 within
    every source makes 0.5 too low a threshold). v3 also boosts long harmless prose and talk comments and
    down-weights the positives-only news comments; a milder mix is one line here."""
    balance, boost, positives_only = RECIPES[recipe]
    by_source = defaultdict(list)
    for i, r in enumerate(rows):
        by_source[r["source"]].append(i)

    def source_weight(s):
        if s in POSITIVES_ONLY:
            return positives_only
        if s in BENIGN_BOOST:
            return BENIGN_BOOST[s] if boost is None else boost
        return 1.0

    share = {s: math.sqrt(len(ix)) * source_weight(s) for s, ix in by_source.items()}
    total = sum(share.values())
    weights = np.zeros(len(rows))
    for s, ix in by_source.items():
        positive = [i for i in ix if rows[i]["target"][0] >= POSITIVE]
        negative = [i for i in ix if rows[i]["target"][0] < POSITIVE]
        classes = [c for c in (positive, negative) if c]
        for c in classes:
            for i in c:
                balanced = 1.0 / len(classes) / len(c)
                natural = 1.0 / len(ix)
                weights[i] = share[s] / total * (balance * balanced + (1 - balance) * natural)
    return weights / weights.sum()


def batches(rows, order, size):
    """Length-bucketed batches: sorted by length within chunks of 50 batches, so padding stays small."""
    chunk = size * 50
    out = []
    for start in range(0, len(order), chunk):
        part = sorted(order[start:start + chunk], key=lambda i: len(rows[i]["ids"]))
        out.extend(part[k:k + size] for k in range(0, len(part), size))
    random.shuffle(out)
    return out


def tensors(rows, batch):
    length = max(len(rows[i]["ids"]) for i in batch)
    ids = torch.zeros((len(batch), length), dtype=torch.long)
    mask = torch.zeros((len(batch), length), dtype=torch.long)
    for k, i in enumerate(batch):
        seq = rows[i]["ids"]
        ids[k, :len(seq)] = torch.tensor(seq)
        mask[k, :len(seq)] = 1
    return ids, mask


def predict(model, rows, indices, size=64):
    model.eval()
    out = np.zeros((len(indices), len(bert.ATTRIBUTES)), dtype=np.float32)
    order = sorted(range(len(indices)), key=lambda k: len(rows[indices[k]]["ids"]))
    with torch.no_grad():
        for start in range(0, len(order), size):
            ks = order[start:start + size]
            ids, mask = tensors(rows, [indices[k] for k in ks])
            out[ks] = torch.sigmoid(model(ids, mask)).numpy()
    return out


def auc(labels, scores):
    labels = np.asarray(labels, dtype=bool)
    pos, neg = labels.sum(), (~labels).sum()
    if pos == 0 or neg == 0:
        return None
    ranks = np.empty(len(scores))
    order = np.argsort(scores, kind="mergesort")
    ranks[order] = np.arange(1, len(scores) + 1)
    # Ties share their mean rank.
    s = np.asarray(scores)[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j + 2) / 2
        i = j + 1
    return float((ranks[labels].sum() - pos * (pos + 1) / 2) / (pos * neg))


def report(rows, indices, probs):
    """ROC-AUC per source and attribute, FPR/FNR at 0.5 per group, over the given rows."""
    per_source = defaultdict(list)
    for k, i in enumerate(indices):
        per_source[rows[i]["source"]].append(k)
    sources = {}
    for s, ks in sorted(per_source.items()):
        entry = {"texts": len(ks)}
        for a, name in enumerate(bert.ATTRIBUTES):
            known = [k for k in ks if not np.isnan(rows[indices[k]]["target"][a])]
            value = auc([rows[indices[k]]["target"][a] >= POSITIVE for k in known], [probs[k, a] for k in known]) if known else None
            if value is not None:
                entry[name] = round(value, 4)
        toxic = [k for k in ks if rows[indices[k]]["target"][0] >= POSITIVE]
        if toxic:
            entry["toxicity_recall_at_0.5"] = round(float(np.mean([probs[k, 0] >= 0.5 for k in toxic])), 4)
        sources[s] = entry
    groups = defaultdict(lambda: [0, 0, 0, 0])  # tp fp fn tn on toxicity
    for k, i in enumerate(indices):
        t = rows[i]["target"][0]
        if np.isnan(t):
            continue
        flagged, toxic = probs[k, 0] >= 0.5, t >= POSITIVE
        for g in rows[i]["groups"]:
            c = groups[g]
            c[0 if toxic and flagged else 1 if flagged else 2 if toxic else 3] += 1
    group_rates = {}
    for g, (tp, fp, fn, tn) in sorted(groups.items()):
        if tp + fp + fn + tn >= 30:
            group_rates[g] = {"texts": tp + fp + fn + tn,
                              "fnr": round(fn / (tp + fn), 3) if tp + fn else None,
                              "fpr": round(fp / (fp + tn), 3) if fp + tn else None}
    return {"sources": sources, "groups": group_rates}


def save_checkpoint(path, model, optimizer, schedule, step):
    """Written to a temporary file and renamed, so a kill mid-write leaves the previous checkpoint intact."""
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "schedule": schedule.state_dict(),
                "torch_rng": torch.get_rng_state(), "step": step}, path + ".tmp")
    os.replace(path + ".tmp", path)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--base", required=True, help="the starting encoder, an ONNX BERT export")
    p.add_argument("--out", required=True)
    p.add_argument("--metrics-out")
    p.add_argument("--examples", type=int, default=60000, help="training examples drawn (with replacement)")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=5e-5)
    p.add_argument("--head-lr", type=float, default=2e-3)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--hold-out", help="leave this dataset out of training and evaluate on it")
    p.add_argument("--eval-limit", type=int, default=0, help="evaluate on at most this many held-out texts (a fixed sample)")
    p.add_argument("--evaluate-only", action="store_true", help="no training: load --out and evaluate it")
    p.add_argument("--recipe", choices=sorted(RECIPES), default="shipped",
                   help="shipped: equal class shares per source (reproduces the committed model); v3: natural shares and "
                        "boosts; v3-mild: halfway between the two class mixes, news comments at half weight")
    p.add_argument("--checkpoint", help="resume from / save to this file every --checkpoint-every steps")
    p.add_argument("--checkpoint-every", type=int, default=100)
    args = p.parse_args()
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)

    rows = read(args.data)
    if args.hold_out:
        train = [i for i, r in enumerate(rows) if r["split"] in ("train", "test") and family(r["source"]) != args.hold_out]
        evaluate = [i for i, r in enumerate(rows) if r["split"] in ("train", "test") and family(r["source"]) == args.hold_out]
        if not evaluate:
            sys.exit(f"no dataset named {args.hold_out}")
    else:
        train = [i for i, r in enumerate(rows) if r["split"] == "train"]
        evaluate = [i for i, r in enumerate(rows) if r["split"] == "test"]
    validation = [i for i, r in enumerate(rows) if r["split"] == "validation"]
    if args.eval_limit and len(evaluate) > args.eval_limit:
        evaluate = sorted(random.Random(7).sample(evaluate, args.eval_limit))

    model = bert.ToxicityClassifier(bert.from_onnx(args.base))
    if args.evaluate_only:
        model.load_state_dict(torch.load(args.out))
        metrics = {"model": args.out, "evaluation": report(rows, evaluate, predict(model, rows, evaluate)),
                   "hatemoji_validation": report(rows, validation, predict(model, rows, validation))}
        print(json.dumps(metrics, indent=1), flush=True)
        if args.metrics_out:
            with open(args.metrics_out, "w") as f:
                json.dump(metrics, f, indent=1)
        return
    # The word-piece table is 52 % of the weights and almost all of an optimizer step's cost; the rest of the
    # encoder learns what is said about whom.
    model.encoder.word.weight.requires_grad_(False)
    encoder_params = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("head.")]
    optimizer = torch.optim.AdamW([{"params": encoder_params, "lr": args.lr},
                                   {"params": model.head.parameters(), "lr": args.head_lr}], weight_decay=0.01)
    weights = sampling_weights([rows[i] for i in train], args.recipe)
    drawn = np.random.choice(len(train), size=args.examples, replace=True, p=weights)
    plan = batches(rows, [train[k] for k in drawn], args.batch)
    warmup = max(1, len(plan) // 16)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: min(1.0, (step + 1) / warmup)
                                                 * max(0.0, (len(plan) - step) / max(1, len(plan) - warmup)))
    # The plan is a function of the seed, so a resumed run replays the same batches from where it stopped.
    first = 0
    if args.checkpoint and os.path.exists(args.checkpoint):
        saved = torch.load(args.checkpoint)
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        schedule.load_state_dict(saved["schedule"])
        torch.set_rng_state(saved["torch_rng"])
        first = saved["step"]
        print(f"resumed at step {first}/{len(plan)} from {args.checkpoint}", flush=True)
    start = time.time()
    model.train()
    running = 0.0
    for step, batch in enumerate(plan):
        if step < first:
            continue
        if args.checkpoint and step > first and step % args.checkpoint_every == 0:
            save_checkpoint(args.checkpoint, model, optimizer, schedule, step)
        ids, mask = tensors(rows, batch)
        target = torch.from_numpy(np.stack([rows[i]["target"] for i in batch]))
        known = ~torch.isnan(target)
        logits = model(ids, mask)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logits[known], target[known])
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        running = 0.98 * running + 0.02 * loss.item() if step else loss.item()
        if step % 50 == 0:
            rate = (step + 1 - first) * args.batch / (time.time() - start)
            print(f"step {step}/{len(plan)} loss {running:.4f} {rate:.1f} ex/s", flush=True)
    train_seconds = time.time() - start
    torch.save(model.state_dict(), args.out)

    metrics = {"examples": args.examples, "batch": args.batch, "lr": args.lr, "seed": args.seed,
               "train_seconds": round(train_seconds), "hold_out": args.hold_out}
    metrics["evaluation"] = report(rows, evaluate, predict(model, rows, evaluate))
    if validation:
        metrics["hatemoji_validation"] = report(rows, validation, predict(model, rows, validation))
    print(json.dumps(metrics, indent=1), flush=True)
    if args.metrics_out:
        with open(args.metrics_out, "w") as f:
            json.dump(metrics, f, indent=1)


if __name__ == "__main__":
    main()
