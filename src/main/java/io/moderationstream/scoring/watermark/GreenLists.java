package io.moderationstream.scoring.watermark;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.math.BigInteger;

/**
 * Seeds and green lists of one watermark key, exactly as transformers' {@code WatermarkLogitsProcessor} computes
 * them, with a bounded cache of green lists as bitsets keyed by the effective 32-bit seed (Caffeine: its TinyLFU
 * eviction keeps the recurring contexts). Not thread-safe: one instance per scorer (and so per Flink subtask).
 */
public final class GreenLists {
    private static final int FIXED_TABLE_SIZE = 1_000_003;
    private static final BigInteger TWO_64_MINUS_1 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final WatermarkParams params;
    private final int greenlistSize;
    private final int[] fixedTable;
    private final Mt19937 rng = new Mt19937(0);
    private final TorchRandPerm randPerm;
    private final int[] prefix;
    private final Cache<Integer, long[]> cache;
    /** Seeds met once and not cached yet (bounded; 4 bytes + map overhead each). */
    private final Cache<Integer, Boolean> seenOnce;
    private final int cacheCapacity;
    private long cacheHits;
    private long cacheMisses;

    public GreenLists(WatermarkParams params, int cacheCapacity) {
        params.validate();
        this.params = params;
        this.greenlistSize = params.greenlistSize();
        this.randPerm = new TorchRandPerm(params.vocabSize, greenlistSize);
        this.prefix = new int[greenlistSize];
        this.cacheCapacity = cacheCapacity;
        // Eviction on the calling thread: the scorer's thread owns this instance, and results stay deterministic.
        this.cache = Caffeine.newBuilder().maximumSize(cacheCapacity).executor(Runnable::run).build();
        this.seenOnce = Caffeine.newBuilder().maximumSize(Math.max(16, cacheCapacity * 4L)).executor(Runnable::run).build();
        this.fixedTable = params.seedingScheme == WatermarkParams.SeedingScheme.SELFHASH
                ? TorchRandPerm.full(FIXED_TABLE_SIZE, new Mt19937(params.hashingKey)) : null;
    }

    /** Bytes held by a full cache: one bitset of vocab_size bits per entry. */
    public long cacheBytesAtCapacity() {
        return (long) cacheCapacity * (((params.vocabSize + 63) / 64) * 8L + 64);
    }

    public long cacheHits() {
        return cacheHits;
    }

    public long cacheMisses() {
        return cacheMisses;
    }

    /**
     * The value passed to torch's {@code manual_seed}, reduced to what the generator keeps (low 32 bits).
     * {@code context} holds the prefix tokens from {@code from} (inclusive) to {@code to} (exclusive).
     */
    public int seedFor(int[] context, int from, int to) {
        long last = context[to - 1];
        if (params.seedingScheme == WatermarkParams.SeedingScheme.LEFTHASH) {
            return lefthashSeed(params.hashingKey, last);
        }
        long b = fixedTable[(int) Math.floorMod(last, (long) FIXED_TABLE_SIZE)] + 1L;
        long min = Long.MAX_VALUE;
        for (int i = from; i < to; i++) {
            long a = fixedTable[(int) Math.floorMod((long) context[i], (long) FIXED_TABLE_SIZE)] + 1L;
            long product = params.hashingKey * a * b; // int64 tensor arithmetic: wraps on overflow
            if (product < min) {
                min = product;
            }
        }
        return pythonModTwo64Minus1Low32(min);
    }

    /** Python: {@code (hashing_key * token) % (2**64 - 1)} with unbounded ints; then torch keeps the low 32 bits. */
    static int lefthashSeed(long hashingKey, long token) {
        long hi = Math.multiplyHigh(hashingKey, token);
        long lo = hashingKey * token;
        boolean fitsInLong = (hi == 0 && lo >= 0) || (hi == -1 && lo < 0);
        if (fitsInLong) {
            return pythonModTwo64Minus1Low32(lo);
        }
        BigInteger exact = BigInteger.valueOf(hashingKey).multiply(BigInteger.valueOf(token)).mod(TWO_64_MINUS_1);
        return exact.intValue();
    }

    /** Low 32 bits of Python's {@code s % (2**64 - 1)} for a signed 64-bit s. */
    static int pythonModTwo64Minus1Low32(long s) {
        // s >= 0 is already below 2^64 - 1; a negative s maps to s + 2^64 - 1, whose 64-bit pattern is s - 1.
        return (int) (s >= 0 ? s : s - 1);
    }

    /**
     * Whether {@code target} is in the green list of the given 32-bit seed. A cached green list answers at once; a
     * context seen for the first time is answered by following the target alone through the shuffle (no more than
     * the Mersenne-Twister draws themselves); a context seen twice gets its full green list computed and cached, so
     * one-off contexts (frequent with selfhash and wide contexts) never evict the recurring ones.
     */
    public boolean isGreen(int seed, int target) {
        long[] bits = cache.getIfPresent(seed);
        if (bits != null) {
            cacheHits++;
            return target >= 0 && target < params.vocabSize && (bits[target >>> 6] & (1L << target)) != 0;
        }
        cacheMisses++;
        if (cacheCapacity > 0 && seenOnce.asMap().remove(seed) != null) {
            bits = computeBits(seed);
            cache.put(seed, bits);
            return target >= 0 && target < params.vocabSize && (bits[target >>> 6] & (1L << target)) != 0;
        }
        if (cacheCapacity > 0) {
            seenOnce.put(seed, Boolean.TRUE);
        }
        rng.seed(seed & 0xffffffffL);
        return TorchRandPerm.inPrefix(rng, params.vocabSize, greenlistSize, target);
    }

    /** The green list in permutation order, as transformers returns it (first int(V*gamma) of randperm). */
    public int[] greenlist(int seed) {
        rng.seed(seed & 0xffffffffL);
        randPerm.prefix(rng, greenlistSize, prefix);
        return prefix.clone();
    }

    private long[] computeBits(int seed) {
        rng.seed(seed & 0xffffffffL);
        randPerm.prefix(rng, greenlistSize, prefix);
        long[] bits = new long[(params.vocabSize + 63) / 64];
        for (int id : prefix) {
            bits[id >>> 6] |= 1L << id;
        }
        return bits;
    }
}
