package io.moderationstream.fairness;

/** Wilson score interval of a binomial proportion: well-behaved for small n and rates near 0 or 1. */
public final class Wilson {
    private Wilson() {}

    public static double[] interval(long successes, long trials, double z) {
        if (trials <= 0) {
            return new double[] {0.0, 1.0};
        }
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double center = (p + z2 / (2 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        return new double[] {Math.max(0, center - half), Math.min(1, center + half)};
    }

    /**
     * Lower confidence bound of the difference of two proportions, x/n − y/m, from their two Wilson intervals
     * (Newcombe 1998, method 10): good coverage at small counts, where the Wald interval is not.
     */
    public static double differenceLowerBound(long x, long n, long y, long m, double z) {
        double p = (double) x / n;
        double q = (double) y / m;
        double below = p - interval(x, n, z)[0];
        double above = interval(y, m, z)[1] - q;
        return (p - q) - Math.sqrt(below * below + above * above);
    }
}
