package io.moderationstream.scoring.toxicity.offline;

import java.util.Arrays;

/**
 * Thresholds an operator derives from their own traffic (`toxicity calibrate`): the score at which harmless texts are
 * flagged at most at a target rate, and the shift of the model's probabilities to another prevalence.
 */
public final class ThresholdCalibration {
    private ThresholdCalibration() {}

    /**
     * The lowest threshold at which at most {@code targetRate} of the given scores (harmless texts, or an unlabelled
     * sample that is nearly all harmless) reach it: a text is flagged when its score ≥ the threshold.
     */
    public static double thresholdForRate(double[] scores, double targetRate) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("no scores to calibrate on");
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        int allowed = (int) Math.floor(targetRate * sorted.length);
        if (allowed == 0) {
            return Math.nextUp(sorted[sorted.length - 1]);
        }
        // The allowed highest scores are flagged: the threshold sits just above the highest score that is not.
        double lastAllowed = sorted[sorted.length - allowed];
        double highestKept = sorted[sorted.length - allowed - 1];
        return highestKept < lastAllowed ? Math.nextUp(highestKept) : Math.nextUp(lastAllowed);
    }

    /** The share of scores at or above the threshold. */
    public static double rateAtOrAbove(double[] scores, double threshold) {
        if (scores.length == 0) {
            return Double.NaN;
        }
        long n = Arrays.stream(scores).filter(s -> s >= threshold).count();
        return (double) n / scores.length;
    }

    /**
     * A probability the model learned at prevalence {@code from}, moved to prevalence {@code to} (the prior-shift
     * correction of Saerens, Latinne and Decaestecker, 2002: the likelihood ratio is kept, the prior odds replaced).
     */
    public static double shiftPrevalence(double p, double from, double to) {
        double odds = p / (1 - p) * (to / (1 - to)) / (from / (1 - from));
        return odds / (1 + odds);
    }

    /** The raw score whose probability, moved from prevalence {@code from} to {@code to}, equals {@code probability}. */
    public static double rawThreshold(double probability, double from, double to) {
        return shiftPrevalence(probability, to, from);
    }
}
