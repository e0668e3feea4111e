package io.moderationstream.scoring.watermark;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GreenListsTest {
    private static final BigInteger MOD = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private static int pythonReference(BigInteger seed) {
        return seed.mod(MOD).intValue();
    }

    @Test
    void lefthashSeedUsesUnboundedPythonArithmetic() {
        long key = 15485863L;
        assertThat(GreenLists.lefthashSeed(key, 50256)).isEqualTo(pythonReference(BigInteger.valueOf(key * 50256)));
        // A hashing key large enough to overflow 64 bits when multiplied.
        long bigKey = Long.MAX_VALUE - 7;
        assertThat(GreenLists.lefthashSeed(bigKey, 50000))
                .isEqualTo(pythonReference(BigInteger.valueOf(bigKey).multiply(BigInteger.valueOf(50000))));
    }

    @Test
    void negativeSelfhashProductsFollowPythonModulo() {
        for (long s : new long[] {-1, -2, Long.MIN_VALUE, -123456789012345L, 0, 1, Long.MAX_VALUE}) {
            assertThat(GreenLists.pythonModTwo64Minus1Low32(s)).as("seed %d", s)
                    .isEqualTo(pythonReference(BigInteger.valueOf(s)));
        }
    }

    @Test
    void greenListHasTheRightSizeAndNoDuplicates() {
        WatermarkParams p = new WatermarkParams();
        GreenLists g = new GreenLists(p, 4);
        int[] list = g.greenlist(12345);
        assertThat(list).hasSize(12564);
        Set<Integer> unique = new HashSet<>();
        Arrays.stream(list).forEach(unique::add);
        assertThat(unique).hasSize(12564);
        for (int id : list) {
            assertThat(g.isGreen(12345, id)).isTrue();
        }
        // First sight: followed alone; second: computed and cached; then served from the cache.
        assertThat(g.cacheMisses()).isEqualTo(2);
        assertThat(g.cacheHits()).isEqualTo(12562);
    }

    @Test
    void prefixUndoLeavesScratchIdentitySoConsecutiveCallsAgreeWithFullPermutation() {
        TorchRandPerm perm = new TorchRandPerm(1000, 1000);
        int[] out = new int[1000];
        for (long seed : new long[] {1, 2, 0xDEADBEEFL}) {
            perm.prefix(new Mt19937(seed), 1000, out);
            assertThat(out).containsExactly(TorchRandPerm.full(1000, new Mt19937(seed)));
        }
    }

    @Test
    void tokensOutsideTheVocabularyAreNeverGreen() {
        GreenLists g = new GreenLists(new WatermarkParams(), 4);
        assertThat(g.isGreen(1, -5)).isFalse();
        assertThat(g.isGreen(1, 50257)).isFalse();
    }

    @Test
    void followingOneValueAgreesWithTheFullPrefix() {
        java.util.Random r = new java.util.Random(11);
        int n = 50257;
        int k = 12564;
        TorchRandPerm perm = new TorchRandPerm(n, k);
        int[] out = new int[k];
        for (int trial = 0; trial < 300; trial++) {
            long seed = r.nextInt() & 0xFFFFFFFFL;
            perm.prefix(new Mt19937(seed), k, out);
            java.util.Set<Integer> green = new HashSet<>();
            Arrays.stream(out).forEach(green::add);
            for (int probe = 0; probe < 20; probe++) {
                int value = probe < 5 ? out[r.nextInt(k)] : r.nextInt(n);
                assertThat(TorchRandPerm.inPrefix(new Mt19937(seed), n, k, value)).isEqualTo(green.contains(value));
            }
        }
    }
}
