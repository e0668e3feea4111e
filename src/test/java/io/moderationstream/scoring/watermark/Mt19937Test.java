package io.moderationstream.scoring.watermark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Mt19937Test {
    @Test
    void matchesTheReferenceOutputOfInitGenrand5489() {
        // mt19937ar.c with init_genrand(5489): the C++ std::mt19937 default; its 10000th output is 4123659995.
        Mt19937 mt = new Mt19937(5489);
        assertThat(mt.nextUnsignedInt()).isEqualTo(3499211612L);
        for (int i = 1; i < 9999; i++) {
            mt.nextUnsignedInt();
        }
        assertThat(mt.nextUnsignedInt()).isEqualTo(4123659995L);
    }

    @Test
    void keepsOnlyTheLowThirtyTwoBitsOfTheSeedLikeTorch() {
        Mt19937 wide = new Mt19937((1L << 32) + 12345);
        Mt19937 narrow = new Mt19937(12345);
        for (int i = 0; i < 1000; i++) {
            assertThat(wide.nextUnsignedInt()).isEqualTo(narrow.nextUnsignedInt());
        }
    }

    @Test
    void seedsWithBitThirtyOneSetAreNotSignExtended() {
        // commons-math3's setSeed(int) would treat 0x80000001 as negative; init_genrand uses it as unsigned.
        Mt19937 a = new Mt19937(0x80000001L);
        Mt19937 b = new Mt19937(0xFFFFFFFF80000001L);
        long first = a.nextUnsignedInt();
        assertThat(first).isEqualTo(b.nextUnsignedInt());
        assertThat(first).isBetween(0L, 0xFFFFFFFFL);
    }

    @Test
    void reseedingRestartsTheSequence() {
        Mt19937 mt = new Mt19937(42);
        long first = mt.nextUnsignedInt();
        mt.nextUnsignedInt();
        mt.seed(42);
        assertThat(mt.nextUnsignedInt()).isEqualTo(first);
    }
}
