package io.moderationstream.fairness.slices;

import io.moderationstream.avro.Decision;
import io.moderationstream.fairness.Observation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Planted disparities: generated labelled streams over three group dimensions, a tenant and a model, where one
 * two-dimension intersection is treated worse; discovery must rank it first and call it significant, and on streams
 * of pure noise call nothing significant (false-discovery-rate control across every slice tested).
 */
class SliceDiscoveryTest {
    private static final String[] GENDERS = {"female", "male"};
    private static final String[] DIALECTS = {"aae", "sae", "other"};
    private static final String[] AGES = {"young", "middle", "old"};

    /** 6,000 non-toxic verdicts, every attribute uniform; fpr(o) is the chance that verdict o is (wrongly) flagged. */
    static SliceDiscovery run(long seed, ToDoubleFunction<Observation> fpr) {
        Random random = new Random(seed);
        SliceDiscovery discovery = new SliceDiscovery(SliceMetric.FPR, 2, 30, 1.96, 0.05, 100_000);
        for (int i = 0; i < 6000; i++) {
            Observation o = new Observation();
            o.kind = Observation.Kind.VERDICT;
            o.eventId = "e" + i;
            o.tenantId = random.nextBoolean() ? "t1" : "t2";
            o.modelId = random.nextBoolean() ? "m1" : "m2";
            o.groups = Map.of("gender", GENDERS[random.nextInt(2)], "dialect", DIALECTS[random.nextInt(3)], "age", AGES[random.nextInt(3)]);
            o.flagged = random.nextDouble() < fpr.applyAsDouble(o);
            o.decision = o.flagged ? Decision.REVIEW : Decision.ALLOW;
            discovery.add(o, false);
        }
        return discovery;
    }

    static boolean femaleAae(Observation o) {
        return o.groups.get("gender").equals("female") && o.groups.get("dialect").equals("aae");
    }

    @Test
    void aPlantedIntersectionWithFourTimesTheFprRanksFirstAndIsSignificant() {
        List<SliceDiscovery.Finding> findings = run(7, o -> femaleAae(o) ? 0.40 : 0.10).findings();
        SliceDiscovery.Finding worst = findings.get(0);
        assertThat(worst.slice().asMap()).isEqualTo(Map.of("dialect", "aae", "gender", "female"));
        assertThat(worst.significant()).isTrue();
        assertThat(worst.value()).isBetween(0.33, 0.47);
        assertThat(worst.referenceValue()).isBetween(0.08, 0.13);
        assertThat(worst.ciLow()).isLessThan(worst.value()).isGreaterThan(worst.referenceValue());
    }

    /**
     * The intersection is 2.8 times the rest, while gender and dialect alone differ by a few points at most: a
     * per-dimension report would call this fair.
     */
    @Test
    void anIntersectionIsFoundWhenItsSingleDimensionsLookFair() {
        ToDoubleFunction<Observation> fpr = o -> {
            boolean female = o.groups.get("gender").equals("female");
            boolean aae = o.groups.get("dialect").equals("aae");
            if (aae) {
                return female ? 0.45 : 0.02;
            }
            return female ? 0.10 : 0.30;
        };
        SliceDiscovery discovery = run(11, fpr);
        List<SliceDiscovery.Finding> findings = discovery.findings();
        assertThat(findings.get(0).slice().asMap()).isEqualTo(Map.of("dialect", "aae", "gender", "female"));
        assertThat(findings.get(0).significant()).isTrue();
        // Each of its single dimensions alone: within a few points of its complement.
        for (Map<String, String> single : List.of(Map.of("gender", "female"), Map.of("dialect", "aae"))) {
            SliceDiscovery.Finding f = findings.stream().filter(x -> x.slice().asMap().equals(single)).findFirst().orElseThrow();
            assertThat(Math.abs(f.disparity())).as(single.toString()).isLessThan(0.04);
        }
    }

    @Test
    void noSliceIsSignificantInNoiseOnlyStreamsOfTheSameSize() {
        int clean = 0;
        for (long seed = 1; seed <= 20; seed++) {
            if (run(seed, o -> 0.15).findings().stream().noneMatch(SliceDiscovery.Finding::significant)) {
                clean++;
            }
        }
        assertThat(clean).as("seeds without a false discovery").isGreaterThanOrEqualTo(19);
    }

    @Test
    void aTinySliceWithAnExtremeRateDoesNotWin() {
        SliceDiscovery discovery = new SliceDiscovery(SliceMetric.FLAG_RATE, 2, 5, 1.96, 0.05, 1000);
        for (int i = 0; i < 2000; i++) {
            Observation o = new Observation();
            boolean tiny = i < 5;
            boolean large = i >= 5 && i < 405;
            o.groups = Map.of("g", tiny ? "tiny" : large ? "large" : "rest");
            // tiny: 3 of 5 flagged (the highest raw rate); large: 35 %; rest: 10 %.
            o.flagged = tiny ? i < 3 : large ? i % 20 < 7 : i % 10 == 0;
            discovery.add(o, null);
        }
        List<SliceDiscovery.Finding> findings = discovery.findings();
        assertThat(findings.get(0).slice().asMap()).isEqualTo(Map.of("g", "large"));
        assertThat(findings).anySatisfy(f -> assertThat(f.slice().asMap()).isEqualTo(Map.of("g", "tiny")));
    }

    @Test
    void slicesPerVerdictAreBoundedByOrderAndByTheCap() {
        SliceDiscovery discovery = run(3, o -> 0.1);
        // 5 attributes: 5 single slices' values (2+3+3+2+2 = 12) plus the pairs that occur; bounded by the products.
        int singles = 12;
        int pairs = 2 * 3 + 2 * 3 + 2 * 2 + 2 * 2 + 3 * 3 + 3 * 2 + 3 * 2 + 3 * 2 + 3 * 2 + 2 * 2;
        assertThat(discovery.openSlices()).isEqualTo(singles + pairs);
        SliceDiscovery capped = new SliceDiscovery(SliceMetric.FLAG_RATE, 2, 1, 1.96, 0.05, 10);
        Observation o = new Observation();
        o.groups = Map.of("a", "1", "b", "2", "c", "3", "d", "4", "e", "5");
        capped.add(o, null);
        assertThat(capped.openSlices()).isEqualTo(10);
    }
}
