package io.moderationstream.scoring.watermark;

import org.apache.commons.math3.special.Erf;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Kirchenbauer et al. green-list z-test, reproducing transformers' {@code WatermarkDetector} bit for bit by default,
 * with opt-in fixes where the reference is wrong: an exact normal tail p-value, real de-duplication of repeated
 * n-grams, and max-z sliding windows for mixed human/model text.
 */
public final class WatermarkDetector {
    private final WatermarkParams params;
    private final GreenLists greenLists;

    public WatermarkDetector(WatermarkParams params, int cacheCapacity) {
        this.params = params;
        this.greenLists = new GreenLists(params, cacheCapacity);
    }

    public WatermarkParams params() {
        return params;
    }

    public GreenLists greenLists() {
        return greenLists;
    }

    /** Minimum number of tokens (after BOS) for which transformers' detector does not raise. */
    public int minimumTokens() {
        return params.contextWidth + 1;
    }

    /**
     * Scores a sequence.
     *
     * @throws IllegalArgumentException when the sequence is too short to score (transformers raises there too)
     */
    public Detection detect(int[] inputIds) {
        int offset = inputIds.length > 0 && inputIds[0] == params.bosTokenId ? 1 : 0;
        int length = inputIds.length - offset;
        if (length - params.contextWidth < 1) {
            throw new IllegalArgumentException("need at least " + minimumTokens() + " tokens after BOS to score, got " + length);
        }
        int n = params.ngramLength();
        boolean prefixIsWholeNgram = params.seedingScheme == WatermarkParams.SeedingScheme.SELFHASH;
        int ngrams = length - n + 1;
        boolean[] mask = new boolean[ngrams];
        int scored = 0;
        int green = 0;
        Set<NgramKey> seen = params.ignoreRepeatedNgrams ? new HashSet<>() : null;
        for (int i = 0; i < ngrams; i++) {
            int start = offset + i;
            int end = start + n;
            int target = inputIds[end - 1];
            int seed = greenLists.seedFor(inputIds, start, prefixIsWholeNgram ? end : end - 1);
            boolean isGreen = greenLists.isGreen(seed, target);
            mask[i] = isGreen;
            if (seen != null && !seen.add(new NgramKey(inputIds, start, end))) {
                continue;
            }
            scored++;
            if (isGreen) {
                green++;
            }
        }
        double z = zScore(green, scored, params.greenlistRatio);
        double p = params.exactPValue ? exactPValue(z) : transformersPValue(z);
        double windowMaxZ = Double.NaN;
        int windowStart = -1;
        int windowEnd = -1;
        if (params.windowSize > 0 && ngrams >= params.windowSize) {
            int w = params.windowSize;
            int count = 0;
            for (int i = 0; i < w; i++) {
                count += mask[i] ? 1 : 0;
            }
            int best = count;
            int bestStart = 0;
            for (int i = w; i < ngrams; i++) {
                count += (mask[i] ? 1 : 0) - (mask[i - w] ? 1 : 0);
                if (count > best) {
                    best = count;
                    bestStart = i - w + 1;
                }
            }
            windowMaxZ = zScore(best, w, params.greenlistRatio);
            windowStart = bestStart;
            windowEnd = bestStart + w;
        }
        return new Detection(scored, green, (double) green / scored, z, p, z > params.zThreshold, 1 - p, mask,
                windowMaxZ, windowStart, windowEnd);
    }

    /** transformers' {@code _compute_z_score}, same operation order. */
    public static double zScore(double green, double total, double gamma) {
        double numer = green - gamma * total;
        double denom = Math.sqrt(total * gamma * (1 - gamma));
        return numer / denom;
    }

    /** transformers' {@code _compute_pval}: an approximation of the normal tail, off by up to ~18x. */
    public static double transformersPValue(double z) {
        return 1 - (0.5 * (1 + Math.signum(z) * (1 - Math.exp(-2 * (z * z) / Math.PI))));
    }

    /** Exact one-sided p-value P(Z > z) of the standard normal. */
    public static double exactPValue(double z) {
        return 0.5 * Erf.erfc(z / Math.sqrt(2.0));
    }

    private record NgramKey(int[] ids) {
        NgramKey(int[] source, int from, int to) {
            this(Arrays.copyOfRange(source, from, to));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof NgramKey other && Arrays.equals(ids, other.ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids);
        }
    }
}
