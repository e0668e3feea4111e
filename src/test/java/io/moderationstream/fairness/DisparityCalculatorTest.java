package io.moderationstream.fairness;

import io.moderationstream.avro.FairnessStats;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DisparityCalculatorTest {

    public static GroupWindowStats group(String name, int allowed, int review, int blocked, int tp, int fp, int tn, int fn) {
        GroupCounts c = new GroupCounts();
        c.count = allowed + review + blocked;
        c.allowed = allowed;
        c.review = review;
        c.blocked = blocked;
        c.tp = tp;
        c.fp = fp;
        c.tn = tn;
        c.fn = fn;
        GroupWindowStats s = new GroupWindowStats();
        s.dimension = "dialect";
        s.group = name;
        s.key = new GroupKey("dialect", name, "", "", "");
        s.windowStart = 0;
        s.windowEnd = 3_600_000;
        s.counts = c;
        return s;
    }

    /** Wilson interval written out independently of the production code. */
    static double[] wilson(double k, double n) {
        double z = 1.96;
        double p = k / n;
        double c = (p + z * z / (2 * n)) / (1 + z * z / n);
        double h = z / (1 + z * z / n) * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
        return new double[] {c - h, c + h};
    }

    @Test
    void computesRatesIntervalsAndDisparityAgainstTheBestTreatedGroup() {
        List<FairnessStats> out = new DisparityCalculator(30, 0.8, 1.96).compute(List.of(
                group("sae", 180, 15, 5, 10, 10, 150, 5),    // pass 0.90, fpr 10/160
                group("aae", 120, 60, 20, 20, 50, 100, 10),  // pass 0.60, fpr 50/150
                group("tiny", 2, 3, 0, 1, 2, 1, 1)), 0, 1L);  // 5 events: below min sample
        Map<String, FairnessStats> byGroup = out.stream().collect(Collectors.toMap(FairnessStats::getGroup, Function.identity()));

        FairnessStats sae = byGroup.get("sae");
        assertThat(sae.getCount()).isEqualTo(200);
        assertThat(sae.getFlagged()).isEqualTo(20);
        assertThat(sae.getFlagRate()).isEqualTo(0.1);
        assertThat(sae.getFlagRateCiLow()).isCloseTo(wilson(20, 200)[0], within(1e-12));
        assertThat(sae.getFlagRateCiHigh()).isCloseTo(wilson(20, 200)[1], within(1e-12));
        assertThat(sae.getReferenceGroup()).isEqualTo("sae");
        assertThat(sae.getPassRateRatio()).isEqualTo(1.0);
        assertThat(sae.getFpr()).isCloseTo(10.0 / 160, within(1e-12));
        assertThat(sae.getFnr()).isCloseTo(5.0 / 15, within(1e-12));
        assertThat(sae.getPrecision()).isCloseTo(0.5, within(1e-12));
        assertThat(sae.getDisparity()).isFalse();

        FairnessStats aae = byGroup.get("aae");
        assertThat(aae.getPassRate()).isCloseTo(0.6, within(1e-12));
        assertThat(aae.getPassRateRatio()).isCloseTo(0.6 / 0.9, within(1e-12));
        assertThat(aae.getPassRateDiff()).isCloseTo(-0.3, within(1e-12));
        assertThat(aae.getFprReferenceGroup()).isEqualTo("sae");
        assertThat(aae.getFprRatio()).isCloseTo((10.0 / 160) / (50.0 / 150), within(1e-12));
        assertThat(aae.getFprCiLow()).isCloseTo(wilson(50, 150)[0], within(1e-12));
        assertThat(aae.getDisparity()).isTrue();
        assertThat(aae.getBelowMinSample()).isFalse();

        FairnessStats tiny = byGroup.get("tiny");
        assertThat(tiny.getBelowMinSample()).isTrue();
        assertThat(tiny.getPassRateRatio()).isCloseTo(0.4 / 0.9, within(1e-12));
        assertThat(tiny.getDisparity()).as("never alerted below the minimum sample").isFalse();
    }

    @Test
    void aSmallDifferenceWithoutStatisticalSupportIsNoDisparity() {
        List<FairnessStats> out = new DisparityCalculator(30, 0.8, 1.96).compute(List.of(
                group("a", 36, 4, 0, 0, 0, 0, 0),   // pass 0.90
                group("b", 28, 12, 0, 0, 0, 0, 0)), // pass 0.70: ratio 0.78 < 0.8 but intervals overlap
                0, 1L);
        FairnessStats b = out.stream().filter(s -> s.getGroup().equals("b")).findFirst().orElseThrow();
        assertThat(b.getPassRateRatio()).isLessThan(0.8);
        assertThat(b.getDisparity()).isFalse();
    }
}
