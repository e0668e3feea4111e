package io.moderationstream.scoring.protected_material;

/**
 * The two kinds of key the index stores, computed the same way when the index is built and when a text is checked:
 * <ul>
 *   <li><b>tiles</b>: the normalised document cut into consecutive {@code tileChars}-character windows (positions
 *   0, t, 2t, …). A text is probed at every position, so any copy of {@code 3·t − 1} characters or more contains two
 *   whole consecutive tiles, found exactly {@code t} apart: the verbatim signal.</li>
 *   <li><b>word shingles</b>: {@code shingleWords} consecutive normalised words, kept when their key falls in one
 *   of {@code shingleSampling} buckets (content-defined, so text and corpus sample the same shingles wherever they
 *   stand): the near-verbatim signal that survives dropped or swapped words.</li>
 * </ul>
 * A key is a polynomial hash of the window's characters (mod 2^64, from prefix sums: O(1) per window whatever its
 * length), finalised with MurmurHash3's fmix64 and a per-kind seed. Probing every position of a text takes one such
 * key each; xxHash3 (zero-allocation-hashing) cost ~15× more per 20-character window here and was dropped for it.
 * The low 24 bits are cleared: the builder keeps a key's value there while it sorts and deduplicates.
 */
public final class IndexKeys {
    /** The bits of a key that identify it (the builder keeps a document ordinal in the others while it sorts). */
    public static final long KEY_MASK = ~0xFF_FFFFL;
    private static final long BASE = 0x9E3779B97F4A7C15L | 1;
    private static final long TILE_SEED = 0x7469_6c65_7300_0001L;
    private static final long SHINGLE_SEED = 0x7368_696e_676c_6502L;

    private final long[] prefix;
    private final long[] power;

    /** Prefix hashes of {@code chars[0, length)}: then any window's key is O(1). */
    public IndexKeys(char[] chars, int length) {
        prefix = new long[length + 1];
        power = new long[length + 1];
        power[0] = 1;
        for (int i = 0; i < length; i++) {
            prefix[i + 1] = prefix[i] * BASE + chars[i];
            power[i + 1] = power[i] * BASE;
        }
    }

    private long window(int from, int length) {
        return prefix[from + length] - prefix[from] * power[length];
    }

    public long tile(int from, int length) {
        return FuseRetrieval.mix(window(from, length) ^ TILE_SEED ^ length) & KEY_MASK;
    }

    public long shingle(int from, int length) {
        return FuseRetrieval.mix(window(from, length) ^ SHINGLE_SEED ^ ((long) length << 32)) & KEY_MASK;
    }

    /** Whether the shingle with this key is one the index samples (decided by the key's top bits: content-defined). */
    public static boolean sampled(long shingleKey, int sampling) {
        return Long.remainderUnsigned(shingleKey >>> 24, sampling) == 0;
    }

    /** Start offsets of the words of normalised text (letters and digits separated by single spaces). */
    public static int[] wordStarts(char[] chars, int length) {
        int[] starts = new int[length / 2 + 1];
        int words = 0;
        if (length > 0) {
            starts[words++] = 0;
        }
        for (int i = 1; i < length; i++) {
            if (chars[i - 1] == ' ') {   // the normal form has single spaces between words, none at either end
                starts[words++] = i;
            }
        }
        return java.util.Arrays.copyOf(starts, words);
    }

    /** End (exclusive) of the word that starts at {@code wordStarts[w]}. */
    public static int wordEnd(int[] wordStarts, int w, int length) {
        return w + 1 < wordStarts.length ? wordStarts[w + 1] - 1 : length;
    }
}
