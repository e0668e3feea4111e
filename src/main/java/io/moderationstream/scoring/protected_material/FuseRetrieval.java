package io.moderationstream.scoring.protected_material;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A static key → value map that stores no keys: a binary fuse filter (Graf and Lemire, "Binary Fuse Filters: Fast
 * and Smaller Than Xor Filters", 2022; 3-wise, ~1.13 slots per key) whose slots hold {@code fingerprint ‖ value}
 * instead of a fingerprint alone. Looking up a key XORs its three slots: for a stored key that gives back its
 * fingerprint and value; for any other key the fingerprint agrees with probability 2^-fingerprintBits. So
 * {@code fingerprintBits + valueBits} bits per key answer both "is this window in the corpus" and "in which
 * document".
 *
 * <p>No maintained Java library on Maven Central offers a retrieval filter with values: Guava's and DataSketches'
 * Bloom filters answer membership only, which would take one filter (and one probe) per document to attribute a
 * match. The slot layout is the reference implementation's ({@code binaryfusefilter.h}); slots are bit-packed
 * little-endian in a {@link ByteBuffer}, so a memory-mapped file is read in place.
 */
public final class FuseRetrieval {
    /** What {@link #get} answers for a key that is not stored. */
    public static final int ABSENT = -1;
    static final int HEADER_BYTES = 40;
    private static final int MAGIC = 0x50_4D_46_31;   // "PMF1"
    private static final int PADDING = 8;

    private final ByteBuffer slots;
    private final long seed;
    private final int segmentLength;
    private final int segmentLengthMask;
    private final int segmentCountLength;
    private final int fingerprintBits;
    private final int valueBits;
    private final int slotBits;
    private final long slotMask;
    private final int keys;

    private FuseRetrieval(ByteBuffer slots, long seed, int segmentLength, int segmentCountLength, int fingerprintBits,
                          int valueBits, int keys) {
        this.slots = slots;
        this.seed = seed;
        this.segmentLength = segmentLength;
        this.segmentLengthMask = segmentLength - 1;
        this.segmentCountLength = segmentCountLength;
        this.fingerprintBits = fingerprintBits;
        this.valueBits = valueBits;
        this.slotBits = fingerprintBits + valueBits;
        this.slotMask = slotBits == 64 ? -1L : (1L << slotBits) - 1;
        this.keys = keys;
    }

    /** The value stored for {@code key}, or {@link #ABSENT} (wrongly a value with probability 2^-fingerprintBits). */
    public int get(long key) {
        if (keys == 0) {
            return ABSENT;
        }
        long hash = mix(key + seed);
        int h0 = (int) mulhi(hash, segmentCountLength);
        long x = slot(h0) ^ slot(second(h0, hash, segmentLength, segmentLengthMask))
                ^ slot(third(h0, hash, segmentLength, segmentLengthMask));
        if ((x >>> valueBits) != fingerprint(hash)) {
            return ABSENT;
        }
        return (int) (x & ((1L << valueBits) - 1));
    }

    public int keys() {
        return keys;
    }

    private long slot(int index) {
        long bit = (long) index * slotBits;
        return (slots.getLong((int) (bit >>> 3)) >>> (bit & 7)) & slotMask;
    }

    private long fingerprint(long hash) {
        return (hash ^ (hash >>> 32)) & ((1L << fingerprintBits) - 1);
    }

    /** Reads a filter written by {@link Builder#write} from {@code buffer}'s position (a mapped file, in place). */
    public static FuseRetrieval read(ByteBuffer buffer) {
        ByteBuffer b = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < HEADER_BYTES || b.getInt(0) != MAGIC) {
            throw new IllegalArgumentException("not a protected-material filter (bad magic)");
        }
        long seed = b.getLong(4);
        int segmentLength = b.getInt(12);
        int segmentCountLength = b.getInt(16);
        int arrayLength = b.getInt(20);
        int fingerprintBits = b.get(24);
        int valueBits = b.get(25);
        int keys = b.getInt(28);
        long bytes = slotBytes(arrayLength, fingerprintBits + valueBits);
        if (b.remaining() < HEADER_BYTES + bytes) {
            throw new IllegalArgumentException("protected-material filter truncated: " + b.remaining() + " bytes, expected "
                    + (HEADER_BYTES + bytes));
        }
        ByteBuffer slots = b.position(HEADER_BYTES).limit(HEADER_BYTES + (int) bytes).slice().order(ByteOrder.LITTLE_ENDIAN);
        return new FuseRetrieval(slots, seed, segmentLength, segmentCountLength, fingerprintBits, valueBits, keys);
    }

    private static long slotBytes(int arrayLength, int slotBits) {
        return ((long) arrayLength * slotBits + 7) / 8 + PADDING;
    }

    /** A 64-bit finaliser (MurmurHash3 fmix64): spreads any key over all bits. */
    public static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** A key's second slot: in the segment after its first, at an offset from the hash's middle bits. */
    private static int second(int h0, long hash, int segmentLength, int mask) {
        return (h0 + segmentLength) ^ ((int) (hash >>> 18) & mask);
    }

    /** A key's third slot: two segments after its first, at an offset from the hash's low bits. */
    private static int third(int h0, long hash, int segmentLength, int mask) {
        return (h0 + 2 * segmentLength) ^ ((int) hash & mask);
    }

    /**
     * Slots per key of a filter of {@code keys} keys (the reference's size factor: more for small filters, 1.125 from
     * about a million keys); 0 for one key or none.
     */
    public static double slotsPerKey(long keys) {
        return keys <= 1 ? 0 : Math.max(1.125, 0.875 + 0.25 * Math.log(1_000_000) / Math.log(keys));
    }

    /** The high 64 bits of the unsigned product (Math.unsignedMultiplyHigh is Java 18+). */
    private static long mulhi(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** Builds a filter from distinct keys and their values. */
    public static final class Builder {
        private final int fingerprintBits;
        private final int valueBits;

        public Builder(int fingerprintBits, int valueBits) {
            if (fingerprintBits < 1 || valueBits < 0 || fingerprintBits + valueBits > 32) {
                throw new IllegalArgumentException("fingerprint bits " + fingerprintBits + " + value bits " + valueBits
                        + " must lie in 1..32");
            }
            this.fingerprintBits = fingerprintBits;
            this.valueBits = valueBits;
        }

        /**
         * The filter bytes (header and slots) for {@code keys[i] → values[i]}, {@code 0 <= i < n}. Keys must be
         * distinct; values must fit {@code valueBits}. Construction is linear; it retries with another seed in the
         * rare case the key hypergraph does not peel.
         */
        public ByteBuffer build(long[] keys, int[] values, int n) {
            int segmentLength = n == 0 ? 4 : Math.min(262_144, 1 << (int) Math.floor(Math.log(n) / Math.log(3.33) + 2.25));
            double sizeFactor = slotsPerKey(n);
            int capacity = n <= 1 ? 0 : (int) Math.round(n * sizeFactor);
            int initSegmentCount = Math.max(0, (capacity + segmentLength - 1) / segmentLength - 2);
            int arrayLength = (initSegmentCount + 2) * segmentLength;
            int segmentCount = (arrayLength + segmentLength - 1) / segmentLength;
            segmentCount = segmentCount <= 2 ? 1 : segmentCount - 2;
            arrayLength = (segmentCount + 2) * segmentLength;
            int segmentCountLength = segmentCount * segmentLength;
            int slotBits = fingerprintBits + valueBits;

            int[] slots = new int[arrayLength];
            long seed = 0x9E3779B97F4A7C15L;
            for (int attempt = 0; ; attempt++) {
                if (attempt > 100) {
                    throw new IllegalStateException("could not build the filter (are the keys distinct?)");
                }
                seed = mix(seed + attempt + 1);
                if (peelAndAssign(keys, values, n, seed, segmentLength, segmentCountLength, arrayLength, slots)) {
                    break;
                }
                java.util.Arrays.fill(slots, 0);
            }
            long bytes = slotBytes(arrayLength, slotBits);
            ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + (int) bytes).order(ByteOrder.LITTLE_ENDIAN);
            out.putInt(0, MAGIC).putLong(4, seed).putInt(12, segmentLength).putInt(16, segmentCountLength)
                    .putInt(20, arrayLength).put(24, (byte) fingerprintBits).put(25, (byte) valueBits).putInt(28, n);
            for (int i = 0; i < arrayLength; i++) {
                long bit = (long) i * slotBits;
                int at = HEADER_BYTES + (int) (bit >>> 3);
                long word = out.getLong(at);
                out.putLong(at, word | ((slots[i] & 0xFFFFFFFFL) << (bit & 7)));
            }
            return out;
        }

        /**
         * One construction attempt. Keys are first put in order of their first slot's segment (a counting sort, as the
         * reference implementation does): a key's three slots lie in three consecutive segments, so counting, peeling
         * (a stack, which stays where it just freed a slot) and assigning then walk the slot arrays nearly in order
         * instead of at random — most of the build time for millions of keys.
         */
        private boolean peelAndAssign(long[] keys, int[] values, int n, long seed, int segmentLength, int segmentCountLength,
                                      int arrayLength, int[] slots) {
            int mask = segmentLength - 1;
            int segments = segmentCountLength / segmentLength;
            long[] hashes = new long[n];
            int[] ordered = new int[n];
            int[] start = new int[segments + 1];
            for (int k = 0; k < n; k++) {
                hashes[k] = mix(keys[k] + seed);
                start[(int) (mulhi(hashes[k], segmentCountLength) / segmentLength) + 1]++;
            }
            for (int i = 0; i < segments; i++) {
                start[i + 1] += start[i];
            }
            for (int k = 0; k < n; k++) {
                ordered[start[(int) (mulhi(hashes[k], segmentCountLength) / segmentLength)]++] = k;
            }
            long[] hash = new long[n];
            int[] value = new int[n];
            for (int i = 0; i < n; i++) {
                hash[i] = hashes[ordered[i]];
                value[i] = values[ordered[i]];
            }
            hashes = null;
            ordered = null;

            int[] count = new int[arrayLength];
            int[] xorKey = new int[arrayLength];
            for (int k = 0; k < n; k++) {
                long h = hash[k];
                int h0 = (int) mulhi(h, segmentCountLength);
                int h1 = second(h0, h, segmentLength, mask);
                int h2 = third(h0, h, segmentLength, mask);
                count[h0]++;
                count[h1]++;
                count[h2]++;
                xorKey[h0] ^= k;
                xorKey[h1] ^= k;
                xorKey[h2] ^= k;
            }
            int[] stack = new int[arrayLength];
            int top = 0;
            for (int i = arrayLength - 1; i >= 0; i--) {
                if (count[i] == 1) {
                    stack[top++] = i;
                }
            }
            int[] peeledKey = new int[n];
            int[] peeledSlot = new int[n];
            int peeled = 0;
            while (top > 0) {
                int slot = stack[--top];
                if (count[slot] != 1) {
                    continue;
                }
                int k = xorKey[slot];
                peeledKey[peeled] = k;
                peeledSlot[peeled++] = slot;
                long h = hash[k];
                int h0 = (int) mulhi(h, segmentCountLength);
                int h1 = second(h0, h, segmentLength, mask);
                int h2 = third(h0, h, segmentLength, mask);
                top = release(h0, k, count, xorKey, stack, top);
                top = release(h1, k, count, xorKey, stack, top);
                top = release(h2, k, count, xorKey, stack, top);
            }
            if (peeled != n) {
                return false;
            }
            long fingerprintMask = (1L << fingerprintBits) - 1;
            for (int i = n - 1; i >= 0; i--) {
                int k = peeledKey[i];
                long h = hash[k];
                int h0 = (int) mulhi(h, segmentCountLength);
                int h1 = second(h0, h, segmentLength, mask);
                int h2 = third(h0, h, segmentLength, mask);
                int stored = (int) ((((h ^ (h >>> 32)) & fingerprintMask) << valueBits) | value[k]);
                slots[peeledSlot[i]] = stored ^ slots[h0] ^ slots[h1] ^ slots[h2];
            }
            return true;
        }
    }

    /** Takes key {@code k} out of {@code slot}; a slot left with one key goes on the stack. Returns the new stack top. */
    private static int release(int slot, int k, int[] count, int[] xorKey, int[] stack, int top) {
        count[slot]--;
        xorKey[slot] ^= k;
        if (count[slot] == 1) {
            stack[top++] = slot;
        }
        return top;
    }
}
