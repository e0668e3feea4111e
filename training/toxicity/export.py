"""Exports the fine-tuned classifier to ONNX (opset 14, dynamic batch and sequence axes) with int8 weights, and writes
what the Java tests check it against.

Dynamic quantization is written here with the onnx package (onnxruntime's Python quantizer is not installable). Every
weight MatMul runs as one fused int8 GEMM (ONNX Runtime's MatMulIntegerToFloat, the kernel its own dynamic
quantization uses):
- its input is quantized per token (uint8, one scale and zero point per row, computed in the graph), then the row
  scales, and a small fp32 Gemm adds the zero-point correction and the bias (see `quantize`);
- the few outlier channels of the layer-norm outputs that feed query/key/value and the first FFN layer are taken out
  of the int8 GEMM and multiplied in fp32 (LLM.int8()'s decomposition): they alone set a token's scale otherwise;
- weights are int8, one scale per output column, rounded with GPTQ (Frantar et al., 2023) on calibration texts from
  the training split, so each column's rounding error is compensated by the columns not yet rounded;
- the int8 weights are stored as uint8 (+ 128, zero point 128), so ONNX Runtime multiplies with its uint8 × uint8
  kernel. Its uint8 × int8 kernel on x86 CPUs without VNNI (AVX2) adds pairs of products in int16 with saturation
  (vpmaddubsw): 255 × 127 × 2 overflows, and the model came out 0.07 off its fp32 self on an AVX2 machine while exact
  on an AVX-512 VNNI one. The uint8 × uint8 kernel widens to 16 bits first: the same, exact results on every CPU, at
  some 20 % more time on AVX2 than the int8 kernel. 7-bit weights (which cannot saturate) cost too much accuracy; see
  MODEL_CARD.md.
The word-piece table is stored int8 with one scale per row and dequantized after the Gather. Position embeddings,
norms, biases and the head stay fp32. What was measured on the way is in MODEL_CARD.md, *Quantization*.

  python3 export.py --model target/training/model.pt --base target/training/all-minilm-l6-v2.onnx \
      --data target/training/data.jsonl --tokenizer target/training/all-minilm-l6-v2-tokenizer.json \
      --out-dir src/main/resources/toxicity/finetuned \
      --fixture src/test/resources/toxicity/finetuned-fp32-probabilities.json
"""
import argparse
import hashlib
import json
import os
import random

import numpy as np
import onnx
import torch
from torch import nn
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


LINEARS = ("query", "key", "value", "attention_output", "intermediate", "output")
# Inputs that are layer-norm outputs, where BERT's outlier channels live (the attention-output and second FFN inputs
# were measured not to need it).
LAYER_NORM_INPUTS = ("query", "key", "value", "intermediate")


def fake_quantize_per_token(x):
    """What row_quantization + the int8 GEMM do to an activation, in PyTorch."""
    lo = x.amin(-1, keepdim=True).clamp(max=0)
    hi = x.amax(-1, keepdim=True).clamp(min=0)
    scale = (hi - lo).clamp(min=1e-8) / 255
    zero = (-lo / scale).round()
    return ((x / scale).round() + zero).clamp(0, 255).sub(zero) * scale


class CalibratedLinear(nn.Module):
    """A linear layer that sees its input as the int8 graph will (outlier channels exact, the rest per-token
    quantized) and accumulates the input's second moment X^T X for GPTQ."""

    def __init__(self, linear, outliers):
        super().__init__()
        self.linear = linear
        self.outliers = outliers
        self.hessian = torch.zeros(linear.in_features, linear.in_features, dtype=torch.float64)

    def forward(self, x):
        if self.outliers is None:
            q = fake_quantize_per_token(x)
        else:
            inliers = x.clone()
            inliers[..., self.outliers] = 0
            q = fake_quantize_per_token(inliers)
            q[..., self.outliers] = x[..., self.outliers]
        flat = q.reshape(-1, q.shape[-1]).double()
        self.hessian += flat.T @ flat
        return self.linear(q)


def gptq(weight, hessian, exact, block=128, damp=0.01):
    """Rounds weight [out, in] to int8 with one scale per output row (an output column of the ONNX MatMul), column by
    column along the input, spreading each column's rounding error over the columns not yet rounded in proportion to
    the inverse Hessian. Input channels in `exact` are not rounded (they run in fp32) but absorb error like the rest.
    Returns the int8 values and scales, and the updated fp32 values of the exact channels."""
    w = weight.double().clone()
    h = hessian.clone()
    dead = torch.diag(h) == 0
    h[dead, dead] = 1
    w[:, dead] = 0
    h += damp * torch.mean(torch.diag(h)) * torch.eye(h.shape[0], dtype=h.dtype)
    hinv = torch.linalg.cholesky(torch.cholesky_inverse(torch.linalg.cholesky(h)), upper=True)
    rounded = torch.ones(w.shape[1], dtype=torch.bool)
    if exact is not None:
        rounded[exact] = False
    scale = w[:, rounded].abs().amax(dim=1, keepdim=True).clamp(min=1e-8) / 127
    q = torch.zeros_like(w)
    for b0 in range(0, w.shape[1], block):
        b1 = min(b0 + block, w.shape[1])
        part = w[:, b0:b1].clone()
        errors = torch.zeros_like(part)
        h_block = hinv[b0:b1, b0:b1]
        for j in range(b1 - b0):
            col = part[:, j]
            if rounded[b0 + j]:
                q[:, b0 + j] = (col.unsqueeze(1) / scale).round().clamp(-127, 127).squeeze(1)
                err = (col - q[:, b0 + j] * scale.squeeze(1)) / h_block[j, j]
            else:
                q[:, b0 + j] = col  # kept exact: no error to spread
                err = torch.zeros_like(col)
            part[:, j:] -= err.unsqueeze(1) @ h_block[j, j:].unsqueeze(0)
            errors[:, j] = err
        w[:, b1:] -= errors @ hinv[b0:b1, b1:]
    exact_values = q[:, exact].T.float().numpy() if exact is not None else None
    q[:, ~rounded] = 0
    return q.T.to(torch.int8).numpy(), scale.squeeze(1).float().numpy(), exact_values


def int8_plan(model, rows, calibration, outlier_channels):
    """For each encoder linear: int8 weights [in, out] + column scales, and for layer-norm inputs the outlier channels
    (largest |x| over the calibration texts) with their fp32 weight rows. Keyed by the linear's parameter prefix."""
    layers = model.encoder.layers
    peaks = {}
    hooks = []
    for i, layer in enumerate(layers):
        for name in LAYER_NORM_INPUTS:
            def record(module, inputs, output, key=(i, name)):
                peak = inputs[0].reshape(-1, inputs[0].shape[-1]).abs().amax(0)
                peaks[key] = torch.maximum(peaks[key], peak) if key in peaks else peak
            hooks.append(getattr(layer, name).register_forward_hook(record))
    train.predict(model, rows, calibration)
    for h in hooks:
        h.remove()
    for i, layer in enumerate(layers):
        for name in LINEARS:
            outliers = peaks[(i, name)].topk(outlier_channels).indices.sort().values if (i, name) in peaks else None
            setattr(layer, name, CalibratedLinear(getattr(layer, name), outliers))
    train.predict(model, rows, calibration)
    plan = {}
    for i, layer in enumerate(layers):
        for name in LINEARS:
            calibrated = getattr(layer, name)
            setattr(layer, name, calibrated.linear)
            q, scale, exact = gptq(calibrated.linear.weight.data, calibrated.hessian, calibrated.outliers)
            outliers = calibrated.outliers.numpy().astype(np.int64) if calibrated.outliers is not None else None
            plan[f"encoder.layers.{i}.{name}"] = {"int8": q, "scale": scale, "outliers": outliers, "outlier_weights": exact}
    return plan


def plan_by_initializer(graph, plan):
    """The exported graph names a linear's transposed weight onnx::MatMul_N; the Add after its MatMul reads the named
    bias (classifier.encoder.layers.0.query.bias). Returns weight name -> (plan entry, that bias Add, the bias name)."""
    inits = {i.name for i in graph.initializer}
    consumers = bert.readers(graph)
    out = {}
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in inits:
            bias_add = next(c for c in consumers[node.output[0]] if c.op_type == "Add")
            bias = next(i for i in bias_add.input if i in inits)
            out[node.input[1]] = (plan[bias[len("classifier."):-len(".bias")]], bias_add, bias)
    return out


def row_quantization(a, rows_view, holds_zero):
    """uint8 with one scale and zero point per token (row) of `rows_view`, the [tokens, k] view of activation `a`.
    BERT's activations have outlier channels that make one scale per tensor (DynamicQuantizeLinear) too coarse for
    the rest of the row; GELU outputs are nearly all positive, so a zero point doubles their resolution over
    symmetric int8. QuantizeLinear's per-axis form quantizes every row in one pass. The range must contain 0 (for a
    zero point in 0..255): a masked view (`holds_zero`) already does."""
    lo, hi = a + "_min", a + "_max"
    nodes = [
        helper.make_node("ReduceMin", [rows_view], [lo], axes=[1], keepdims=0, name=lo),
        helper.make_node("ReduceMax", [rows_view], [hi], axes=[1], keepdims=0, name=hi),
    ]
    if not holds_zero:
        nodes += [helper.make_node("Min", [lo, "quant_zero"], [a + "_lo"], name=a + "_lo"),
                  helper.make_node("Max", [hi, "quant_zero"], [a + "_hi"], name=a + "_hi")]
        lo, hi = a + "_lo", a + "_hi"
    return nodes + [
        helper.make_node("Sub", [hi, lo], [a + "_range"], name=a + "_range"),
        helper.make_node("Max", [a + "_range", "quant_tiny"], [a + "_range_safe"], name=a + "_range_safe"),
        helper.make_node("Div", [a + "_range_safe", "quant_255"], [a + "_scale"], name=a + "_rowscale"),
        helper.make_node("Div", [lo, a + "_scale"], [a + "_lo_scaled"], name=a + "_lo_scaled"),
        helper.make_node("Neg", [a + "_lo_scaled"], [a + "_neg_lo"], name=a + "_neg_lo"),
        helper.make_node("Round", [a + "_neg_lo"], [a + "_zero"], name=a + "_zero"),
        helper.make_node("Cast", [a + "_zero"], [a + "_zero_u8"], to=TensorProto.UINT8, name=a + "_zero_u8"),
        helper.make_node("QuantizeLinear", [rows_view, a + "_scale", a + "_zero_u8"], [a + "_u8row"], axis=0, name=a + "_quant"),
        helper.make_node("Unsqueeze", [a + "_scale", "quant_axis_1"], [a + "_scale_col"], name=a + "_scale_col"),
        # The zero point in activation units (z × scale): the column of the fp32 Gemm that applies the correction.
        helper.make_node("Mul", [a + "_zero", a + "_scale"], [a + "_zero_value"], name=a + "_zero_value"),
        helper.make_node("Unsqueeze", [a + "_zero_value", "quant_axis_1"], [a + "_zero_col"], name=a + "_zero_col"),
    ]


def quantize(src, dst, plan):
    """Rewrites the fp32 export: each weight MatMul by its entry in `plan` (see int8_plan), the word-piece table int8.

    Each MatMul becomes: its input quantized per token (outlier channels masked to 0 where it has them), one fused
    int8 GEMM (ONNX Runtime's MatMulIntegerToFloat, the kernel of its own dynamic quantization) with the column
    scales, the row scales, plus one small fp32 Gemm over [outlier channels, zero point × row scale] whose weight rows
    are the outliers' weights and the zero-point correction -(column scale × column sum), with the layer's bias. The
    fused GEMM takes one zero point and one activation scale per tensor; this keeps both per token, and the bias Add
    that the Gemm absorbs would have been a pass over the output anyway."""
    model = onnx.load(src)
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    by_weight = plan_by_initializer(graph, plan)

    def add_init(name, array):
        graph.initializer.append(numpy_helper.from_array(array, name))

    add_init("quant_tiny", np.array(1e-8, dtype=np.float32))
    add_init("quant_255", np.array(255.0, dtype=np.float32))
    add_init("quant_one", np.array(1.0, dtype=np.float32))
    add_init("quant_128", np.array(128, dtype=np.uint8))
    add_init("quant_zero", np.array(0.0, dtype=np.float32))
    add_init("quant_start", np.array([0], dtype=np.int64))
    add_init("quant_last", np.array([-1], dtype=np.int64))
    add_init("quant_axis_1", np.array([1], dtype=np.int64))
    quantized_inputs = set()
    new_nodes, drop, folded_bias_adds = [], set(), set()
    for node in graph.node:
        weight = node.input[1] if node.op_type == "MatMul" else None
        if node.name in folded_bias_adds:
            continue
        if weight in by_weight:
            entry, bias_add, bias = by_weight[weight]
            q, outliers = entry["int8"], entry["outliers"]
            a = node.input[0]
            k, n = q.shape
            drop.add(weight)
            if a not in quantized_inputs:
                # Query, key and value read the same activation: it is quantized once.
                quantized_inputs.add(a)
                add_init(a + "_rows_shape", np.array([-1, k], dtype=np.int64))
                new_nodes += [
                    helper.make_node("Shape", [a], [a + "_shape"], name=a + "_shape"),
                    helper.make_node("Slice", [a + "_shape", "quant_start", "quant_last"], [a + "_prefix"], name=a + "_prefix"),
                    helper.make_node("Reshape", [a, a + "_rows_shape"], [a + "_rows"], name=a + "_rows"),
                ]
                if outliers is not None:
                    inliers = np.ones(k, dtype=np.float32)
                    inliers[outliers] = 0
                    add_init(a + "_inlier_mask", inliers)
                    add_init(a + "_outlier_index", outliers)
                    new_nodes.append(helper.make_node("Mul", [a + "_rows", a + "_inlier_mask"], [a + "_inliers"], name=a + "_inliers"))
                    new_nodes += row_quantization(a, a + "_inliers", holds_zero=True)
                    new_nodes += [
                        helper.make_node("Gather", [a + "_rows", a + "_outlier_index"], [a + "_outliers"], axis=1, name=a + "_outliers"),
                        helper.make_node("Concat", [a + "_outliers", a + "_zero_col"], [a + "_exact"], axis=1, name=a + "_exact"),
                    ]
                else:
                    new_nodes += row_quantization(a, a + "_rows", holds_zero=False)
            out = node.output[0]
            folded_bias_adds.add(bias_add.name)
            correction = -(entry["scale"] * q.astype(np.float32).sum(axis=0))
            exact_rows = [entry["outlier_weights"]] if outliers is not None else []
            # Stored as uint8 (int8 + 128, zero point 128): see the module docstring for why not int8.
            add_init(weight + "_u8", (q.astype(np.int16) + 128).astype(np.uint8))
            add_init(weight + "_scale", entry["scale"])
            add_init(weight + "_exact_rows", np.concatenate(exact_rows + [correction[None, :]]).astype(np.float32))
            add_init(weight + "_n", np.array([n], dtype=np.int64))
            exact_input = a + "_exact" if outliers is not None else a + "_zero_col"
            new_nodes += [
                helper.make_node("MatMulIntegerToFloat", [a + "_u8row", weight + "_u8", "quant_one", weight + "_scale", "", "quant_128"],
                                 [out + "_cols"], name=node.name + "_int", domain="com.microsoft"),
                helper.make_node("Mul", [out + "_cols", a + "_scale_col"], [out + "_rows"], name=node.name + "_rowscale"),
                helper.make_node("Gemm", [exact_input, weight + "_exact_rows", bias], [out + "_exact"], name=node.name + "_exact"),
                helper.make_node("Add", [out + "_rows", out + "_exact"], [out + "_sum"], name=node.name + "_sum"),
                helper.make_node("Concat", [a + "_prefix", weight + "_n"], [out + "_shape"], axis=0, name=node.name + "_outshape"),
                helper.make_node("Reshape", [out + "_sum", out + "_shape"], [bias_add.output[0]], name=node.name + "_unrows"),
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
    model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
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
    p.add_argument("--calibration-texts", type=int, default=512, help="training texts GPTQ and the outlier channels are fitted on")
    p.add_argument("--outlier-channels", type=int, default=16, help="layer-norm channels per input kept out of int8")
    args = p.parse_args()
    torch.set_num_threads(2)
    model = bert.ToxicityClassifier(bert.from_onnx(args.base))
    model.load_state_dict(torch.load(args.model))
    model.eval()
    os.makedirs(args.out_dir, exist_ok=True)
    fp32 = os.path.join(args.work, "toxicity-fp32.onnx")
    export_fp32(model, fp32)
    rows = train.read(args.data)
    # Calibration from the training split only (the probes below are what the int8 model is checked on).
    calibration = random.Random(7).sample([i for i, r in enumerate(rows) if r["split"] == "train"], args.calibration_texts)
    plan = int8_plan(model, rows, calibration, args.outlier_channels)
    int8 = os.path.join(args.out_dir, "toxicity-finetuned.onnx")
    quantize(fp32, int8, plan)
    with open(args.tokenizer, "rb") as src, open(os.path.join(args.out_dir, "toxicity-finetuned-tokenizer.json"), "wb") as dst:
        dst.write(src.read())
    with open(os.path.join(args.out_dir, "toxicity-finetuned-labels.json"), "w") as f:
        json.dump({"output": "probabilities", "attributes": bert.ATTRIBUTES}, f, indent=1)
        f.write("\n")

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
