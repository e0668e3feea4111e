package io.moderationstream.fairness.slices;

import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Whether a slice's rate ({@code x} of {@code n}) differs from the rest's ({@code xc} of {@code nc}): the pooled
 * two-proportion z-test where it is valid, and an exact mid-p test (the hypergeometric distribution of the slice's count
 * given both margins, as in Fisher's test, with half the probability of the observed count) where an expected count is
 * under {@link #MIN_EXPECTED} — "2 flagged of 40 against 0 of 40" is not a normal-approximation case.
 */
final class ProportionTests {
    /** The usual rule of thumb for the normal approximation of a 2×2 table. */
    static final double MIN_EXPECTED = 5;
    private static final NormalDistribution NORMAL = new NormalDistribution();

    private ProportionTests() {}

    /** The one-sided p-value of "the slice's rate is higher". */
    static double higherP(long x, long n, long xc, long nc) {
        if (smallExpected(x, n, xc, nc)) {
            HypergeometricDistribution h = hypergeometric(x, n, xc, nc);
            return h.upperCumulativeProbability((int) x) - 0.5 * h.probability((int) x);
        }
        double se = se(x, n, xc, nc);
        double p = (double) x / n;
        double pc = (double) xc / nc;
        return se == 0 ? (p > pc ? 0.0 : 1.0) : 1 - NORMAL.cumulativeProbability((p - pc) / se);
    }

    /** The two-sided p-value of "the rates differ". */
    static double twoSidedP(long x, long n, long xc, long nc) {
        if (smallExpected(x, n, xc, nc)) {
            HypergeometricDistribution h = hypergeometric(x, n, xc, nc);
            double upper = h.upperCumulativeProbability((int) x) - 0.5 * h.probability((int) x);
            double lower = h.cumulativeProbability((int) x) - 0.5 * h.probability((int) x);
            return Math.min(1.0, 2 * Math.min(upper, lower));
        }
        double se = se(x, n, xc, nc);
        double p = (double) x / n;
        double pc = (double) xc / nc;
        if (se == 0) {
            return p == pc ? 1.0 : 0.0;
        }
        return 2 * (1 - NORMAL.cumulativeProbability(Math.abs(p - pc) / se));
    }

    /** Whether any cell of the 2×2 table would be expected to hold fewer than {@link #MIN_EXPECTED} under equal rates. */
    static boolean smallExpected(long x, long n, long xc, long nc) {
        double total = n + nc;
        double events = x + xc;
        double nonEvents = total - events;
        return Math.min(Math.min(n * events, n * nonEvents), Math.min(nc * events, nc * nonEvents)) / total < MIN_EXPECTED;
    }

    private static HypergeometricDistribution hypergeometric(long x, long n, long xc, long nc) {
        return new HypergeometricDistribution(null, Math.toIntExact(n + nc), Math.toIntExact(x + xc), Math.toIntExact(n));
    }

    private static double se(long x, long n, long xc, long nc) {
        double pooled = (double) (x + xc) / (n + nc);
        return Math.sqrt(pooled * (1 - pooled) * (1.0 / n + 1.0 / nc));
    }
}
