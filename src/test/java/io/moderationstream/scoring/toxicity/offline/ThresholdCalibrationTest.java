package io.moderationstream.scoring.toxicity.offline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Thresholds from an operator's own traffic, and the prevalence shift of the model's probabilities. */
class ThresholdCalibrationTest {

    @Test
    void aKnownPrevalenceShiftGivesTheExpectedThreshold() {
        // Trained at 50 % toxic, served where 5 % is: odds fall by (0.05 / 0.95) / (0.5 / 0.5) = 1/19, so a raw 0.95
        // (odds 19) is an even chance, and a raw 0.5 is 5 %.
        assertThat(ThresholdCalibration.rawThreshold(0.5, 0.5, 0.05)).isCloseTo(0.95, within(1e-9));
        assertThat(ThresholdCalibration.shiftPrevalence(0.5, 0.5, 0.05)).isCloseTo(0.05, within(1e-9));
        assertThat(ThresholdCalibration.shiftPrevalence(0.3, 0.2, 0.2)).as("no shift, no change").isCloseTo(0.3, within(1e-12));
        assertThat(ThresholdCalibration.shiftPrevalence(ThresholdCalibration.rawThreshold(0.85, 0.5, 0.03), 0.5, 0.03))
                .isCloseTo(0.85, within(1e-9));
    }

    @Test
    void theRateThresholdFlagsAtMostTheTargetShareOfHarmlessTexts() {
        double[] harmless = new double[100];
        for (int i = 0; i < harmless.length; i++) {
            harmless[i] = i / 100.0;   // 0.00 ... 0.99
        }
        double t = ThresholdCalibration.thresholdForRate(harmless, 0.02);
        assertThat(ThresholdCalibration.rateAtOrAbove(harmless, t)).isEqualTo(0.02);
        assertThat(t).isGreaterThan(0.97).isLessThanOrEqualTo(0.98);
        assertThat(ThresholdCalibration.rateAtOrAbove(harmless, ThresholdCalibration.thresholdForRate(harmless, 0.0))).isZero();
        // Ties never let more than the target through.
        double[] tied = {0.1, 0.9, 0.9, 0.9, 0.2};
        assertThat(ThresholdCalibration.rateAtOrAbove(tied, ThresholdCalibration.thresholdForRate(tied, 0.4))).isLessThanOrEqualTo(0.4);
    }
}
