package io.moderationstream.scoring.protected_material;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key → value filter: every stored key answers its value; others answer ABSENT but for 2^-fingerprint bits. */
class FuseRetrievalTest {

    @ParameterizedTest
    @CsvSource({"0, 9, 3", "1, 9, 3", "7, 8, 1", "1000, 9, 3", "50000, 7, 8", "200000, 13, 19"})
    void storedKeysGiveTheirValuesAndOthersRarelyAnything(int n, int fingerprintBits, int valueBits) {
        Random random = new Random(n);
        long[] keys = new long[n];
        int[] values = new int[n];
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            do {
                keys[i] = random.nextLong();
            } while (!seen.add(keys[i]));
            values[i] = random.nextInt(1 << valueBits);
        }
        ByteBuffer bytes = new FuseRetrieval.Builder(fingerprintBits, valueBits).build(keys, values, n);
        // Read back from a copy, as from a mapped file: nothing but the bytes travels.
        ByteBuffer copy = ByteBuffer.allocateDirect(bytes.capacity()).put(bytes.rewind()).rewind();
        FuseRetrieval filter = FuseRetrieval.read(copy);
        assertThat(filter.keys()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            assertThat(filter.get(keys[i])).isEqualTo(values[i]);
        }
        int probes = 200_000;
        int falsePositives = 0;
        for (int i = 0; i < probes; i++) {
            long k = random.nextLong();
            if (!seen.contains(k) && filter.get(k) != FuseRetrieval.ABSENT) {
                falsePositives++;
            }
        }
        double expected = n == 0 ? 0 : probes * Math.pow(2, -fingerprintBits);
        assertThat((double) falsePositives).isLessThanOrEqualTo(expected * 1.5 + 10);
        // ~1.13–1.4 slots per key: the size the index budget counts on (small filters pay a larger constant).
        if (n >= 50_000) {
            assertThat((double) bytes.capacity() * 8 / n).isLessThan((fingerprintBits + valueBits) * 1.3);
        }
    }

    @Test
    void aForeignFileIsRefused() {
        assertThatThrownBy(() -> FuseRetrieval.read(ByteBuffer.allocate(64))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad magic");
        ByteBuffer real = new FuseRetrieval.Builder(8, 2).build(new long[] {1, 2, 3}, new int[] {0, 1, 2}, 3);
        assertThatThrownBy(() -> FuseRetrieval.read(ByteBuffer.wrap(real.array(), 0, 45))).hasMessageContaining("truncated");
    }

    @Test
    void slotsWiderThan32BitsAreRefused() {
        assertThatThrownBy(() -> new FuseRetrieval.Builder(20, 13)).isInstanceOf(IllegalArgumentException.class);
    }
}
