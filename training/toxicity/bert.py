"""A plain BERT encoder in PyTorch (the architecture of all-MiniLM-L6-v2 and bge-small), its weights read from an
ONNX export, and the multi-attribute toxicity classifier built on it."""
import math

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from torch import nn

ATTRIBUTES = ["toxicity", "severe_toxicity", "identity_attack", "insult", "profanity", "threat", "sexually_explicit"]


class Layer(nn.Module):
    def __init__(self, hidden, heads, intermediate, eps):
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.attention_output = nn.Linear(hidden, hidden)
        self.attention_norm = nn.LayerNorm(hidden, eps=eps)
        self.intermediate = nn.Linear(hidden, intermediate)
        self.output = nn.Linear(intermediate, hidden)
        self.output_norm = nn.LayerNorm(hidden, eps=eps)
        self.dropout = nn.Dropout(0.1)

    def forward(self, x, additive_mask):
        b, s, h = x.shape
        d = h // self.heads

        def split(t):
            return t.view(b, s, self.heads, d).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d) + additive_mask
        attended = (self.dropout(scores.softmax(-1)) @ v).transpose(1, 2).reshape(b, s, h)
        x = self.attention_norm(x + self.dropout(self.attention_output(attended)))
        ffn = self.output(nn.functional.gelu(self.intermediate(x)))
        return self.output_norm(x + self.dropout(ffn))


class Bert(nn.Module):
    def __init__(self, vocab, hidden, layers, heads, intermediate, max_positions, eps=1e-12):
        super().__init__()
        self.word = nn.Embedding(vocab, hidden)
        self.position = nn.Embedding(max_positions, hidden)
        self.token_type = nn.Embedding(2, hidden)
        self.norm = nn.LayerNorm(hidden, eps=eps)
        self.dropout = nn.Dropout(0.1)
        self.layers = nn.ModuleList(Layer(hidden, heads, intermediate, eps) for _ in range(layers))

    def forward(self, input_ids, attention_mask):
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        # Single-segment input: token type 0 everywhere, so its embedding row is added as a constant.
        x = self.word(input_ids) + self.position(positions) + self.token_type.weight[0]
        x = self.dropout(self.norm(x))
        additive = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        for layer in self.layers:
            x = layer(x, additive)
        return x


class ToxicityClassifier(nn.Module):
    """Mean-pooled encoder states (the sentence-transformers pooling the encoder was trained with) → one logit per
    attribute."""

    def __init__(self, encoder: Bert):
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(encoder.word.embedding_dim, len(ATTRIBUTES))

    def forward(self, input_ids, attention_mask):
        states = self.encoder(input_ids, attention_mask)
        mask = attention_mask.unsqueeze(-1).to(states.dtype)
        pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.head(self.dropout(pooled))


class Probabilities(nn.Module):
    """What is exported: sigmoid probabilities, so serving needs no calibration code."""

    def __init__(self, classifier):
        super().__init__()
        self.classifier = classifier

    def forward(self, input_ids, attention_mask):
        return torch.sigmoid(self.classifier(input_ids, attention_mask))


def _constants(graph):
    out = {}
    for node in graph.node:
        if node.op_type == "Constant" and node.attribute and node.attribute[0].name == "value":
            out[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
    return out


def readers(graph):
    """Each tensor name of an ONNX graph -> the nodes that read it."""
    out = {}
    for node in graph.node:
        for name in node.input:
            out.setdefault(name, []).append(node)
    return out


def from_onnx(path):
    """Reads a Hugging Face BERT ONNX export into a Bert. Biases and norms keep their PyTorch names; the linear weights
    sit under generated names (onnx::MatMul_N) as the transposed [in, out] matrix, so each is found through the graph:
    the MatMul that reads it feeds the Add that reads the named bias."""
    model = onnx.load(path)
    graph = model.graph
    weights = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    consumers = readers(graph)
    linear = {}
    for node in graph.node:
        if node.op_type != "MatMul" or node.input[1] not in weights:
            continue
        add = next(n for n in consumers[node.output[0]] if n.op_type == "Add")
        bias = next(i for i in add.input if i in weights)
        linear[bias[: -len(".bias")]] = weights[node.input[1]].T
    heads = None
    constants = _constants(graph)
    for node in graph.node:
        if node.op_type == "Concat" and "layer.0/attention/self" in node.output[0]:
            parts = [constants.get(i) for i in node.input]
            if parts[2] is not None and parts[3] is not None:
                heads = int(np.asarray(parts[2]).reshape(-1)[0])
                break
    vocab, hidden = weights["embeddings.word_embeddings.weight"].shape
    layers = 1 + max(int(k.split(".")[2]) for k in weights if k.startswith("encoder.layer."))
    intermediate = weights["encoder.layer.0.intermediate.dense.bias"].shape[0]
    bert = Bert(vocab, hidden, layers, heads, intermediate, weights["embeddings.position_embeddings.weight"].shape[0])
    state = {
        "word.weight": weights["embeddings.word_embeddings.weight"],
        "position.weight": weights["embeddings.position_embeddings.weight"],
        "token_type.weight": weights["embeddings.token_type_embeddings.weight"],
        "norm.weight": weights["embeddings.LayerNorm.weight"],
        "norm.bias": weights["embeddings.LayerNorm.bias"],
    }
    names = {"query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
             "attention_output": "attention.output.dense", "intermediate": "intermediate.dense", "output": "output.dense"}
    norms = {"attention_norm": "attention.output.LayerNorm", "output_norm": "output.LayerNorm"}
    for i in range(layers):
        prefix = f"encoder.layer.{i}."
        for ours, theirs in names.items():
            state[f"layers.{i}.{ours}.weight"] = linear[prefix + theirs]
            state[f"layers.{i}.{ours}.bias"] = weights[prefix + theirs + ".bias"]
        for ours, theirs in norms.items():
            state[f"layers.{i}.{ours}.weight"] = weights[prefix + theirs + ".weight"]
            state[f"layers.{i}.{ours}.bias"] = weights[prefix + theirs + ".bias"]
    bert.load_state_dict({k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in state.items()})
    return bert
