package io.moderationstream.scoring.toxicity;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The classification head trained by {@code toxicity train}: one logistic unit per attribute over the sentence
 * embedding, followed by Platt scaling fitted on held-out data so that the outputs are calibrated probabilities.
 * Stored as a small JSON file ({@code toxicity/head.json} in the jar).
 */
public final class ToxicityHead {
    /** What is serialised. */
    public static class Weights {
        public List<String> attributes;
        public int dimension;
        /** [attribute][dimension] */
        public float[][] weights;
        public float[] bias;
        /** Platt scaling: p = sigmoid(plattA * logit + plattB). */
        public float[] plattA;
        public float[] plattB;
        public String encoder;
        public Map<String, Object> provenance = new LinkedHashMap<>();
    }

    private final Weights w;

    public ToxicityHead(Weights weights) {
        this.w = weights;
    }

    public static ToxicityHead load(InputStream in) throws IOException {
        return new ToxicityHead(new ObjectMapper().readValue(in, Weights.class));
    }

    public void save(Path file) throws IOException {
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), w);
    }

    public List<String> attributes() {
        return w.attributes;
    }

    public Weights weights() {
        return w;
    }

    public float[] predict(float[] embedding) {
        float[] out = new float[w.attributes.size()];
        for (int a = 0; a < out.length; a++) {
            double logit = w.bias[a];
            float[] row = w.weights[a];
            for (int d = 0; d < w.dimension; d++) {
                logit += row[d] * embedding[d];
            }
            out[a] = (float) sigmoid(w.plattA[a] * logit + w.plattB[a]);
        }
        return out;
    }

    public double rawLogit(int attribute, float[] embedding) {
        double logit = w.bias[attribute];
        for (int d = 0; d < w.dimension; d++) {
            logit += w.weights[attribute][d] * embedding[d];
        }
        return logit;
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
