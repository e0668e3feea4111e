package io.moderationstream.fairness.slices;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Issue #27: significance that stays valid at small counts (an exact mid-p test under an expected count of 5). */
class ProportionTestsTest {

    @Test
    void twoOfFortyAgainstNoneOfFortyIsAnExactCaseAndNotSignificant() {
        assertThat(ProportionTests.smallExpected(2, 40, 0, 40)).isTrue();
        // Hypergeometric: 2 flagged among 80, 40 drawn; P(X = 2) = (40·39)/(80·79) = 0.2468, nothing above: mid-p 0.1234.
        assertThat(ProportionTests.higherP(2, 40, 0, 40)).isCloseTo(0.1234, within(1e-4));
        assertThat(ProportionTests.twoSidedP(2, 40, 0, 40)).isCloseTo(0.2468, within(1e-4));
    }

    @Test
    void largeCountsKeepTheZTest() {
        assertThat(ProportionTests.smallExpected(300, 1000, 200, 1000)).isFalse();
        assertThat(ProportionTests.higherP(300, 1000, 200, 1000)).isLessThan(1e-6);
        assertThat(ProportionTests.twoSidedP(250, 1000, 250, 1000)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void theExactTestStillFindsAClearSmallCountDifference() {
        // 9 of 12 flagged against 2 of 40: expected counts under 5, and a real difference.
        assertThat(ProportionTests.smallExpected(9, 12, 2, 40)).isTrue();
        assertThat(ProportionTests.higherP(9, 12, 2, 40)).isLessThan(0.001);
    }
}
