package io.moderationstream.scoring.protected_material;

import net.openhft.hashing.LongHashFunction;

/**
 * The two kinds of key the index stores, computed the same way when the index is built and when a text is checked:
 * <ul>
 *   <li><b>tiles</b>: the normalised document cut into consecutive {@code tileChars}-character windows (positions
 *   0, t, 2t, …). A text is probed at every position, so any copy of {@code 3·t − 1} characters or more contains two
 *   whole consecutive tiles, found exactly {@code t} apart: the verbatim signal.</li>
 *   <li><b>word shingles</b>: {@code shingleWords} consecutive normalised words, kept when their hash falls in one
 *   of {@code shingleSampling} buckets (content-defined, so text and corpus sample the same shingles wherever they
 *   stand): the near-verbatim signal that survives dropped or swapped words.</li>
 * </ul>
 * Keys are xxHash3 of the normalised characters (zero-allocation-hashing), the two kinds in separate seeds. The low 24
 * bits are cleared: the builder keeps a key's value there while it sorts and deduplicates.
 */
public final class IndexKeys {
    /** The bits of a key that identify it (the builder keeps a document ordinal in the others while it sorts). */
    public static final long KEY_MASK = ~0xFF_FFFFL;
    private static final LongHashFunction TILES = LongHashFunction.xx3(0x7469_6c65_7300_0001L);
    private static final LongHashFunction SHINGLES = LongHashFunction.xx3(0x7368_696e_676c_6502L);

    private IndexKeys() {}

    public static long tile(char[] chars, int from, int length) {
        return TILES.hashChars(chars, from, length) & KEY_MASK;
    }

    public static long shingle(char[] chars, int from, int length) {
        return SHINGLES.hashChars(chars, from, length) & KEY_MASK;
    }

    /** Whether the shingle with this key is one the index samples (decided by the key's top bits: content-defined). */
    public static boolean sampled(long shingleKey, int sampling) {
        return Long.remainderUnsigned(shingleKey >>> 24, sampling) == 0;
    }

    /** Start offsets of the words of normalised text (letters and digits separated by single spaces). */
    public static int[] wordStarts(char[] chars, int length) {
        int words = 0;
        for (int i = 0; i < length; i++) {
            if (chars[i] != ' ' && (i == 0 || chars[i - 1] == ' ')) {
                words++;
            }
        }
        int[] starts = new int[words];
        int w = 0;
        for (int i = 0; i < length; i++) {
            if (chars[i] != ' ' && (i == 0 || chars[i - 1] == ' ')) {
                starts[w++] = i;
            }
        }
        return starts;
    }

    /** End (exclusive) of the word that starts at {@code wordStarts[w]}. */
    public static int wordEnd(int[] wordStarts, int w, int length) {
        return w + 1 < wordStarts.length ? wordStarts[w + 1] - 1 : length;
    }
}
