package io.moderationstream.scoring.toxicity.offline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The report of {@code evaluate toxicity}: overall quality at the policy threshold, and per-group bias metrics. */
public final class ToxicityEvaluation {
    private ToxicityEvaluation() {}

    public record Item(String text, boolean label, List<String> groups) {}

    public static ObjectNode report(List<Item> items, double[] scores, double threshold, int minGroupSize) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
        boolean[] labels = new boolean[items.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = items.get(i).label();
        }
        double overall = BiasMetrics.auc(scores, labels);
        out.put("count", items.size());
        out.put("positives", countTrue(labels));
        out.put("roc_auc", overall);
        out.put("threshold", threshold);
        putRates(out, scores, labels, null, threshold);

        Map<String, boolean[]> groups = new TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            for (String g : items.get(i).groups()) {
                groups.computeIfAbsent(g, k -> new boolean[items.size()])[i] = true;
            }
        }
        ObjectNode perGroup = out.putObject("groups");
        List<Double> subgroup = new ArrayList<>();
        List<Double> bpsn = new ArrayList<>();
        List<Double> bnsp = new ArrayList<>();
        for (Map.Entry<String, boolean[]> g : groups.entrySet()) {
            boolean[] in = g.getValue();
            int size = countTrue(in);
            if (size < minGroupSize) {
                continue;
            }
            ObjectNode node = perGroup.putObject(g.getKey());
            node.put("count", size);
            double s = BiasMetrics.subgroupAuc(scores, labels, in);
            double p = BiasMetrics.bpsnAuc(scores, labels, in);
            double n = BiasMetrics.bnspAuc(scores, labels, in);
            put(node, "subgroup_auc", s);
            put(node, "bpsn_auc", p);
            put(node, "bnsp_auc", n);
            putRates(node, scores, labels, in, threshold);
            subgroup.add(s);
            bpsn.add(p);
            bnsp.add(n);
        }
        put(out, "generalized_bias_score", BiasMetrics.generalizedBiasScore(overall, subgroup, bpsn, bnsp));
        putByLength(out.putObject("by_length"), items, scores, labels, threshold);
        return out;
    }

    /** Length buckets (characters) of the long-form evaluation: long harmless answers are where false flags pile up. */
    static final int[] LENGTH_EDGES = {100, 300, 800};

    /**
     * Per length bucket ({@code <100}, {@code 100-300}, {@code 300-800}, {@code >=800} characters): texts, flag rate
     * of the harmless ones (their false-positive rate) and recall on the toxic ones, at the threshold.
     */
    private static void putByLength(ObjectNode node, List<Item> items, double[] scores, boolean[] labels, double threshold) {
        String[] names = {"<100", "100-300", "300-800", ">=800"};
        long[][] counts = new long[names.length][4];   // negatives, flagged negatives, positives, caught positives
        for (int i = 0; i < items.size(); i++) {
            int length = items.get(i).text().length();
            int bucket = 0;
            while (bucket < LENGTH_EDGES.length && length >= LENGTH_EDGES[bucket]) {
                bucket++;
            }
            boolean flagged = scores[i] >= threshold;
            counts[bucket][labels[i] ? 2 : 0]++;
            counts[bucket][labels[i] ? 3 : 1] += flagged ? 1 : 0;
        }
        for (int b = 0; b < names.length; b++) {
            long[] c = counts[b];
            ObjectNode bucket = node.putObject(names[b]);
            bucket.put("count", c[0] + c[2]);
            put(bucket, "flag_rate_harmless", c[0] == 0 ? Double.NaN : (double) c[1] / c[0]);
            put(bucket, "recall_toxic", c[2] == 0 ? Double.NaN : (double) c[3] / c[2]);
        }
    }

    private static void putRates(ObjectNode node, double[] scores, boolean[] labels, boolean[] include, double threshold) {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.length; i++) {
            if (include != null && !include[i]) {
                continue;
            }
            boolean flagged = scores[i] >= threshold;
            if (flagged && labels[i]) {
                tp++;
            } else if (flagged) {
                fp++;
            } else if (labels[i]) {
                fn++;
            } else {
                tn++;
            }
        }
        double precision = tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
        if (include == null) {
            put(node, "precision", precision);
            put(node, "recall", recall);
            put(node, "f1", precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
        }
        put(node, "fpr", fp + tn == 0 ? Double.NaN : (double) fp / (fp + tn));
        put(node, "fnr", tp + fn == 0 ? Double.NaN : (double) fn / (tp + fn));
    }

    private static void put(ObjectNode node, String field, double value) {
        if (Double.isNaN(value)) {
            node.putNull(field);
        } else {
            node.put(field, Math.round(value * 10000) / 10000.0);
        }
    }

    private static int countTrue(boolean[] values) {
        int n = 0;
        for (boolean v : values) {
            n += v ? 1 : 0;
        }
        return n;
    }
}
