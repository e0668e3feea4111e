package io.moderationstream.scoring.toxicity.offline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Classification metrics for moderation models, including the Jigsaw "unintended bias" metrics: subgroup AUC,
 * BPSN AUC (background positive, subgroup negative: does the model confuse non-toxic mentions of the group with
 * toxicity?), BNSP AUC, and their generalized power mean (p = -5) combined into the final bias score.
 */
public final class BiasMetrics {
    private BiasMetrics() {}

    /** ROC-AUC by the rank-sum (Mann-Whitney) statistic, ties counted half; NaN without both classes. */
    public static double auc(double[] scores, boolean[] labels) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double[] ranks = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = rank;
            }
            i = j + 1;
        }
        long positives = 0;
        double rankSum = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i]) {
                positives++;
                rankSum += ranks[i];
            }
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** AUC over the examples selected by {@code include}. */
    public static double auc(double[] scores, boolean[] labels, boolean[] include) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (include[i]) {
                idx.add(i);
            }
        }
        double[] s = new double[idx.size()];
        boolean[] l = new boolean[idx.size()];
        for (int k = 0; k < idx.size(); k++) {
            s[k] = scores[idx.get(k)];
            l[k] = labels[idx.get(k)];
        }
        return auc(s, l);
    }

    public static double subgroupAuc(double[] scores, boolean[] labels, boolean[] inGroup) {
        return auc(scores, labels, inGroup);
    }

    public static double bpsnAuc(double[] scores, boolean[] labels, boolean[] inGroup) {
        boolean[] include = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            include[i] = inGroup[i] ? !labels[i] : labels[i];
        }
        return auc(scores, labels, include);
    }

    public static double bnspAuc(double[] scores, boolean[] labels, boolean[] inGroup) {
        boolean[] include = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            include[i] = inGroup[i] ? labels[i] : !labels[i];
        }
        return auc(scores, labels, include);
    }

    /** Generalized mean with power p over the finite values. */
    public static double powerMean(List<Double> values, double p) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += Math.pow(v, p);
                n++;
            }
        }
        return n == 0 ? Double.NaN : Math.pow(sum / n, 1.0 / p);
    }

    /** Jigsaw's final metric: 0.25 overall AUC + 0.75 mean of the three power means. */
    public static double generalizedBiasScore(double overallAuc, List<Double> subgroup, List<Double> bpsn, List<Double> bnsp) {
        double p = -5;
        return 0.25 * overallAuc + 0.75 * (powerMean(subgroup, p) + powerMean(bpsn, p) + powerMean(bnsp, p)) / 3.0;
    }
}
