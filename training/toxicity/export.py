"""Exports the fine-tuned classifier to ONNX (opset 14, dynamic batch and sequence axes) with int8 weights, and writes
what the Java tests check it against.

Dynamic quantization is written here with the onnx package (onnxruntime's Python quantizer is not installable):
every MatMul with a weight matrix becomes a per-token dynamic quantization of its input (uint8, one scale and zero
point per row, computed in the graph) + MatMulInteger (weights int8, symmetric, one scale per output column) + the
rescale; the word-piece table is stored int8 with one scale per row and dequantized after the Gather. Position
embeddings, norms and biases stay fp32. DynamicQuantizeLinear (one scale per tensor) was tried first and measured:
up to 0.10 off the fp32 probabilities on the fixed texts, against 0.02 allowed.

  python3 export.py --model target/training/model.pt --base target/training/all-minilm-l6-v2.onnx \
      --data target/training/data.jsonl --tokenizer target/training/all-minilm-l6-v2-tokenizer.json \
      --out-dir src/main/resources/toxicity/finetuned \
      --fixture src/test/resources/toxicity/finetuned-fp32-probabilities.json
"""
import argparse
import hashlib
import json
import os

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

import bert
import train


def export_fp32(model, path):
    wrapper = bert.Probabilities(model).eval()
    ids = torch.tensor([[101, 1045, 2572, 102], [101, 7592, 102, 0]])
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]])
    torch.onnx.export(wrapper, (ids, mask), path, input_names=["input_ids", "attention_mask"],
                      output_names=["probabilities"], opset_version=14, do_constant_folding=True,
                      dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                                    "probabilities": {0: "batch"}})


def per_row_quantize(a, k):
    """uint8 with one scale and zero point per token (row). BERT's activations have outlier channels that make one
    scale per tensor (DynamicQuantizeLinear) too coarse for the rest of the row; GELU outputs are nearly all
    positive, so a zero point doubles their resolution over symmetric int8. The activation is viewed as [tokens, k]
    so that QuantizeLinear's per-axis form does the per-row quantization in one pass."""
    return [
        helper.make_node("Shape", [a], [a + "_shape"], name=a + "_shape"),
        helper.make_node("Slice", [a + "_shape", "quant_start", "quant_last"], [a + "_prefix"], name=a + "_prefix"),
        helper.make_node("Reshape", [a, "quant_rows_of_" + str(k)], [a + "_rows"], name=a + "_rows"),
        helper.make_node("ReduceMin", [a + "_rows"], [a + "_min"], axes=[1], keepdims=0, name=a + "_min"),
        helper.make_node("ReduceMax", [a + "_rows"], [a + "_max"], axes=[1], keepdims=0, name=a + "_max"),
        helper.make_node("Min", [a + "_min", "quant_zero_f"], [a + "_lo"], name=a + "_lo"),
        helper.make_node("Max", [a + "_max", "quant_zero_f"], [a + "_hi"], name=a + "_hi"),
        helper.make_node("Sub", [a + "_hi", a + "_lo"], [a + "_range"], name=a + "_range"),
        helper.make_node("Max", [a + "_range", "quant_tiny"], [a + "_range_safe"], name=a + "_range_safe"),
        helper.make_node("Div", [a + "_range_safe", "quant_255"], [a + "_scale"], name=a + "_rowscale"),
        helper.make_node("Div", [a + "_lo", a + "_scale"], [a + "_lo_scaled"], name=a + "_lo_scaled"),
        helper.make_node("Neg", [a + "_lo_scaled"], [a + "_neg_lo"], name=a + "_neg_lo"),
        helper.make_node("Round", [a + "_neg_lo"], [a + "_zero"], name=a + "_zero"),
        helper.make_node("Cast", [a + "_zero"], [a + "_zero_u8"], to=TensorProto.UINT8, name=a + "_zero_u8"),
        helper.make_node("QuantizeLinear", [a + "_rows", a + "_scale", a + "_zero_u8"], [a + "_u8row"], axis=0, name=a + "_quant"),
        helper.make_node("Unsqueeze", [a + "_scale", "quant_axis_1"], [a + "_scale_col"], name=a + "_scale_col"),
        helper.make_node("Unsqueeze", [a + "_zero", "quant_axis_1"], [a + "_zero_col"], name=a + "_zero_col"),
    ]


def quantize(src, dst, keep_fp32=()):
    model = onnx.load(src)
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    new_nodes = []
    quantized_inputs = set()
    drop = set()

    def add_init(name, array):
        graph.initializer.append(numpy_helper.from_array(array, name))

    add_init("quant_tiny", np.array(1e-8, dtype=np.float32))
    add_init("quant_255", np.array(255.0, dtype=np.float32))
    add_init("quant_zero_f", np.array(0.0, dtype=np.float32))
    add_init("quant_start", np.array([0], dtype=np.int64))
    add_init("quant_last", np.array([-1], dtype=np.int64))
    add_init("quant_axis_1", np.array([1], dtype=np.int64))
    inits_added = set()
    for node in graph.node:
        weight = node.input[1] if node.op_type == "MatMul" and len(node.input) == 2 else None
        if weight in inits and len(inits[weight].dims) == 2 and not any(k in node.name for k in keep_fp32):
            w = numpy_helper.to_array(inits[weight]).astype(np.float32)
            scale = np.maximum(np.abs(w).max(axis=0), 1e-8) / 127.0
            q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
            add_init(weight + "_int8", q)
            add_init(weight + "_scale", scale.astype(np.float32))
            # MatMulInteger takes one zero point per tensor, so the per-row ones come off afterwards:
            # (A_u8 - z) @ W = A_u8 @ W - z * colsum(W).
            add_init(weight + "_colsum", q.astype(np.float32).sum(axis=0))
            drop.add(weight)
            a = node.input[0]
            k, n = w.shape
            if "quant_rows_of_" + str(k) not in inits_added:
                inits_added.add("quant_rows_of_" + str(k))
                add_init("quant_rows_of_" + str(k), np.array([-1, k], dtype=np.int64))
            if a not in quantized_inputs:
                quantized_inputs.add(a)
                new_nodes.extend(per_row_quantize(a, k))
            add_init(weight + "_n", np.array([n], dtype=np.int64))
            out = node.output[0]
            new_nodes += [
                helper.make_node("MatMulInteger", [a + "_u8row", weight + "_int8"], [out + "_i32"], name=node.name + "_int"),
                helper.make_node("Cast", [out + "_i32"], [out + "_f32"], to=TensorProto.FLOAT, name=node.name + "_cast"),
                # Zero points off, then column scales, then row scales, each its own node: ONNX Runtime fuses
                # MatMulInteger → Cast → Mul(a_scale × b_scale) into MatMulIntegerToFloat, which takes a_scale per
                # tensor and so gets per-row scales wrong (measured: probabilities off by up to 0.49 when fused).
                helper.make_node("Mul", [a + "_zero_col", weight + "_colsum"], [out + "_zero_term"], name=node.name + "_zero_term"),
                helper.make_node("Sub", [out + "_f32", out + "_zero_term"], [out + "_centered"], name=node.name + "_center"),
                helper.make_node("Mul", [out + "_centered", weight + "_scale"], [out + "_cols"], name=node.name + "_colscale"),
                helper.make_node("Mul", [out + "_cols", a + "_scale_col"], [out + "_rows"], name=node.name + "_rowscale"),
                helper.make_node("Concat", [a + "_prefix", weight + "_n"], [out + "_shape"], axis=0, name=node.name + "_outshape"),
                helper.make_node("Reshape", [out + "_rows", out + "_shape"], [out], name=node.name + "_unrows"),
            ]
        elif node.op_type == "Gather" and node.input[0] in inits and numpy_helper.to_array(inits[node.input[0]]).shape[0] > 10000:
            # The word-piece table: int8 with one scale per row, dequantized after the look-up.
            table = node.input[0]
            w = numpy_helper.to_array(inits[table]).astype(np.float32)
            scale = np.maximum(np.abs(w).max(axis=1, keepdims=True), 1e-8) / 127.0
            add_init(table + "_int8", np.clip(np.round(w / scale), -127, 127).astype(np.int8))
            add_init(table + "_row_scale", scale.astype(np.float32))
            drop.add(table)
            out = node.output[0]
            new_nodes += [
                helper.make_node("Gather", [table + "_int8", node.input[1]], [out + "_i8"], name=node.name + "_int"),
                helper.make_node("Cast", [out + "_i8"], [out + "_f32"], to=TensorProto.FLOAT, name=node.name + "_cast"),
                helper.make_node("Gather", [table + "_row_scale", node.input[1]], [out + "_scale"], name=node.name + "_scale"),
                helper.make_node("Mul", [out + "_f32", out + "_scale"], [out], name=node.name + "_dequant"),
            ]
        else:
            new_nodes.append(node)
    del graph.node[:]
    graph.node.extend(new_nodes)
    kept = [i for i in graph.initializer if i.name not in drop]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    onnx.checker.check_model(model)
    onnx.save(model, dst)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--base", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--tokenizer", required=True)
    p.add_argument("--out-dir", required=True)
    p.add_argument("--fixture", required=True)
    p.add_argument("--work", default="target/training")
    p.add_argument("--max-tokens", type=int, default=64, help="the truncation the data was exported with")
    p.add_argument("--keep-fp32", default="", help="comma-separated node-name parts whose MatMuls stay fp32")
    args = p.parse_args()
    torch.set_num_threads(2)
    model = bert.ToxicityClassifier(bert.from_onnx(args.base))
    model.load_state_dict(torch.load(args.model))
    model.eval()
    os.makedirs(args.out_dir, exist_ok=True)
    fp32 = os.path.join(args.work, "toxicity-fp32.onnx")
    export_fp32(model, fp32)
    int8 = os.path.join(args.out_dir, "toxicity-finetuned.onnx")
    quantize(fp32, int8, keep_fp32=tuple(k for k in args.keep_fp32.split(",") if k))
    with open(args.tokenizer, "rb") as src, open(os.path.join(args.out_dir, "toxicity-finetuned-tokenizer.json"), "wb") as dst:
        dst.write(src.read())
    with open(os.path.join(args.out_dir, "toxicity-finetuned-labels.json"), "w") as f:
        json.dump({"output": "probabilities", "attributes": bert.ATTRIBUTES}, f, indent=1)
        f.write("\n")

    rows = train.read(args.data)
    probes = [i for i, r in enumerate(rows) if r["split"] == "probe"]
    probs = train.predict(model, rows, probes)
    fixture = {"note": "fp32 probabilities of the fine-tuned model (PyTorch) on fixed texts; the int8 ONNX model must stay within 0.02",
               "attributes": bert.ATTRIBUTES, "max_tokens": args.max_tokens,
               "texts": [{"text": rows[i]["text"], "probabilities": [round(float(v), 6) for v in probs[k]]} for k, i in enumerate(probes)]}
    os.makedirs(os.path.dirname(args.fixture), exist_ok=True)
    with open(args.fixture, "w") as f:
        json.dump(fixture, f, indent=1, ensure_ascii=False)
        f.write("\n")
    for name in ("toxicity-finetuned.onnx", "toxicity-finetuned-tokenizer.json", "toxicity-finetuned-labels.json"):
        path = os.path.join(args.out_dir, name)
        print(f"{sha256(path)}  {path}  ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
