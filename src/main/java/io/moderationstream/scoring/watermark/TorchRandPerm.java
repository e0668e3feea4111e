package io.moderationstream.scoring.watermark;

/**
 * torch's CPU {@code randperm(n, generator)} for n below 2^32: the forward Fisher-Yates shuffle
 * {@code for i in 0..n-2: z = random() % (n - i); swap(r[i], r[i + z])}. Position i is final after step i, so the
 * first k entries need only k draws ({@link #prefix}); and whether one value lands among them can be decided by
 * following that value alone, with no array at all ({@link #inPrefix}).
 */
public final class TorchRandPerm {
    private final int n;
    private final int[] scratch;
    private final int[] touched;

    public TorchRandPerm(int n, int maxPrefix) {
        this.n = n;
        this.scratch = new int[n];
        for (int i = 0; i < n; i++) {
            scratch[i] = i;
        }
        this.touched = new int[Math.min(maxPrefix, n)];
    }

    /** The full permutation (used once for selfhash's fixed table). */
    public static int[] full(int n, Mt19937 rng) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        for (int i = 0; i < n - 1; i++) {
            int z = (int) (rng.nextUnsignedInt() % (n - i));
            int t = r[i];
            r[i] = r[i + z];
            r[i + z] = t;
        }
        return r;
    }

    /** Writes the first {@code k} (at most the constructor's {@code maxPrefix}) entries of randperm(n) into {@code out}. */
    public void prefix(Mt19937 rng, int k, int[] out) {
        int steps = Math.min(k, n - 1);
        for (int i = 0; i < steps; i++) {
            int j = i + (int) (rng.nextUnsignedInt() % (n - i));
            touched[i] = j;
            int t = scratch[i];
            scratch[i] = scratch[j];
            scratch[j] = t;
            out[i] = scratch[i];
        }
        if (k >= n) {
            out[n - 1] = scratch[n - 1];
        }
        // Undo the swaps in reverse order so that scratch is the identity again.
        for (int i = steps - 1; i >= 0; i--) {
            int j = touched[i];
            int t = scratch[i];
            scratch[i] = scratch[j];
            scratch[j] = t;
        }
    }

    /**
     * Whether {@code value} is among the first {@code k} entries of randperm(n): follows the value's position
     * through the shuffle and stops as soon as it is placed. Costs at most k draws and no memory.
     */
    public static boolean inPrefix(Mt19937 rng, int n, int k, int value) {
        if (value < 0 || value >= n) {
            return false;
        }
        if (k >= n) {
            return true;
        }
        int position = value;
        for (int i = 0; i < k; i++) {
            int j = i + (int) (rng.nextUnsignedInt() % (n - i));
            if (j == position) {
                return true; // swapped into position i, which is final
            }
            if (position == i) {
                position = j; // swapped out of position i (j != i here)
            }
        }
        return false;
    }
}
