package io.moderationstream.scoring.toxicity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bring your own model: any Hugging Face sequence-classification model exported to ONNX (model file,
 * tokenizer.json, label names). Logits become probabilities with a sigmoid (multi-label models, e.g. toxic-bert) or a
 * softmax (single-label); labels are mapped to the project's attribute names by {@code label_map}.
 */
public final class HuggingFaceClassifierModel implements ToxicityModel {
    private final OnnxTextEncoder encoder;
    private final List<String> labels;
    private final List<String> attributes;
    private final boolean multiLabel;

    public HuggingFaceClassifierModel(OnnxTextEncoder encoder, List<String> labels, Map<String, String> labelMap, boolean multiLabel) {
        this.encoder = encoder;
        this.labels = labels;
        this.multiLabel = multiLabel;
        this.attributes = new ArrayList<>();
        for (String label : labels) {
            attributes.add(labelMap.getOrDefault(label, label));
        }
    }

    public static HuggingFaceClassifierModel create(ToxicityScorerConfig cfg) throws Exception {
        if (cfg.labels.isEmpty()) {
            throw new IllegalArgumentException("engine onnx-classifier needs options.labels (the model's label names in logit order)");
        }
        var dir = ModelFiles.unpackDir();
        OnnxTextEncoder encoder = new OnnxTextEncoder(ModelFiles.resolve(cfg.classifierModel, dir),
                ModelFiles.resolve(cfg.classifierTokenizer, dir), cfg.maxTokens, cfg.threads, cfg.device);
        return new HuggingFaceClassifierModel(encoder, cfg.labels, cfg.labelMap, cfg.multiLabel);
    }

    @Override
    public List<String> attributes() {
        return attributes;
    }

    @Override
    public float[][] predict(List<String> texts) throws Exception {
        float[][] logits = encoder.logits(texts);
        float[][] out = new float[logits.length][labels.size()];
        for (int i = 0; i < logits.length; i++) {
            if (multiLabel) {
                for (int l = 0; l < labels.size(); l++) {
                    out[i][l] = (float) ToxicityHead.sigmoid(logits[i][l]);
                }
            } else {
                double max = Double.NEGATIVE_INFINITY;
                for (int l = 0; l < labels.size(); l++) {
                    max = Math.max(max, logits[i][l]);
                }
                double sum = 0;
                for (int l = 0; l < labels.size(); l++) {
                    sum += Math.exp(logits[i][l] - max);
                }
                for (int l = 0; l < labels.size(); l++) {
                    out[i][l] = (float) (Math.exp(logits[i][l] - max) / sum);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
