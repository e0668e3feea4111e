package io.moderationstream.fairness.slices;

import io.moderationstream.avro.Decision;
import io.moderationstream.config.JobConfig;
import io.moderationstream.avro.SliceCondition;
import io.moderationstream.avro.SliceDefinition;
import io.moderationstream.avro.SliceMetricName;
import io.moderationstream.avro.SliceResult;
import io.moderationstream.avro.SliceSource;
import io.moderationstream.avro.SliceStatus;
import io.moderationstream.fairness.Observation;
import io.moderationstream.fairness.Observations;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The submitted-slice evaluator: definitions as broadcast state, per-window tests, late updates, state cleanup. */
class SliceEvaluatorTest {
    private static final long HOUR = 3_600_000L;

    static SliceDefinition slice(String id, boolean retired, String field, String... values) {
        return SliceDefinition.newBuilder().setSliceId(id).setSubmittedBy("auditor").setDescription("")
                .setPredicate(List.of(SliceCondition.newBuilder().setField(field).setValues(List.of(values)).build()))
                .setMetrics(List.of(SliceMetricName.FLAG_RATE, SliceMetricName.FPR)).setMinSample(20)
                .setCreatedAt(Instant.EPOCH).setRetired(retired).build();
    }

    static Observation verdict(int i, String dialect, boolean flagged) {
        Observation o = new Observation();
        o.kind = Observation.Kind.VERDICT;
        o.eventId = "e" + i;
        o.eventTime = i * 1000L;
        o.tenantId = "t";
        o.modelId = "m";
        o.groups = Map.of("dialect", dialect);
        o.flagged = flagged;
        o.decision = flagged ? Decision.REVIEW : Decision.ALLOW;
        return o;
    }

    static JobConfig.FairnessConfig config() {
        JobConfig.FairnessConfig f = new JobConfig.FairnessConfig();
        f.allowedLateness = java.time.Duration.ofMillis(HOUR);
        f.discovery.enabled = false;
        return f;
    }

    /** An opened harness. */
    static KeyedBroadcastOperatorTestHarness<Long, WindowedObservation, SliceDefinition, SliceResult> harness(List<SliceDefinition> initial)
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new SliceEvaluator(initial, config()),
                w -> w.windowStart, Types.LONG, SliceEvaluator.DEFINITIONS);
    }

    /** A harness to restore a snapshot into, then open. */
    static KeyedBroadcastOperatorTestHarness<Long, WindowedObservation, SliceDefinition, SliceResult> unopened() throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(new SliceEvaluator(List.of(), config()), List.of(SliceEvaluator.DEFINITIONS)),
                w -> w.windowStart, Types.LONG, 1, 1, 0);
    }

    /** 200 verdicts in the first hour: aae 60 % flagged (all false positives), sae 20 %. */
    static void feed(KeyedBroadcastOperatorTestHarness<Long, WindowedObservation, SliceDefinition, SliceResult> h) throws Exception {
        for (int i = 0; i < 200; i++) {
            boolean aae = i % 2 == 0;
            Observation v = verdict(i, aae ? "aae" : "sae", aae ? i % 10 < 6 : i % 10 == 1);
            h.processElement(new WindowedObservation(0, HOUR, v), v.eventTime);
            Observation label = Observations.ofLabel(v, false, 1);
            h.processElement(new WindowedObservation(0, HOUR, label), v.eventTime);
        }
    }

    @Test
    void aSubmittedSliceIsEvaluatedAgainstTheRestOfItsWindow() throws Exception {
        var h = harness(List.of());
        h.processBroadcastElement(slice("aae-audit", false, "groups.dialect", "aae"), 0);
        feed(h);
        h.watermark(HOUR);
        List<SliceResult> results = h.extractOutputValues();
        assertThat(results).hasSize(2);
        SliceResult fpr = results.stream().filter(r -> r.getMetric() == SliceMetricName.FPR).findFirst().orElseThrow();
        assertThat(fpr.getSliceId()).isEqualTo("aae-audit");
        assertThat(fpr.getCount()).isEqualTo(100);
        assertThat(fpr.getValue()).isEqualTo(0.6);
        assertThat(fpr.getComplementCount()).isEqualTo(100);
        assertThat(fpr.getComplementValue()).isEqualTo(0.2);
        assertThat(fpr.getCiLow()).isLessThan(0.6);
        assertThat(fpr.getCiHigh()).isGreaterThan(0.6);
        assertThat(fpr.getStatus()).isEqualTo(SliceStatus.DISPARITY);
        assertThat(fpr.getQValue()).isLessThan(0.05);
        assertThat(fpr.getWindowStart()).isEqualTo(Instant.EPOCH);
        h.close();
    }

    @Test
    void definitionsSurviveASnapshotAndRetiredSlicesStop() throws Exception {
        var h = harness(List.of());
        h.processBroadcastElement(slice("aae-audit", false, "groups.dialect", "aae"), 0);
        OperatorSubtaskState snapshot = h.snapshot(1, 0);
        h.close();

        var restored = unopened();
        restored.initializeState(snapshot);
        restored.open();
        feed(restored);
        restored.watermark(HOUR);
        assertThat(restored.extractOutputValues()).extracting(SliceResult::getSliceId).containsOnly("aae-audit").hasSize(2);

        // Retired: the next window has no results for it.
        restored.processBroadcastElement(slice("aae-audit", true, "groups.dialect", "aae"), 0);
        Observation later = verdict(4000, "aae", true);
        restored.processElement(new WindowedObservation(HOUR, 2 * HOUR, later), HOUR + 1);
        restored.watermark(2 * HOUR);
        assertThat(restored.extractOutputValues()).hasSize(2);
        restored.close();
    }

    @Test
    void fileDefinitionsApplyFromTheStartAndTooFewTrialsAreInsufficient() throws Exception {
        var h = harness(List.of(slice("sae", false, "groups.dialect", "sae"), slice("nobody", false, "tenant_id", "other-tenant")));
        feed(h);
        h.watermark(HOUR);
        List<SliceResult> results = h.extractOutputValues();
        assertThat(results).filteredOn(r -> r.getSliceId().equals("sae")).allSatisfy(r -> assertThat(r.getCount()).isEqualTo(100));
        assertThat(results).filteredOn(r -> r.getSliceId().equals("nobody"))
                .allSatisfy(r -> {
                    assertThat(r.getStatus()).isEqualTo(SliceStatus.INSUFFICIENT_DATA);
                    assertThat(r.getCount()).isZero();
                    assertThat(r.getPValue()).isNull();
                });
        h.close();
    }

    @Test
    void aLateLabelReEmitsTheWindowAndStateIsDroppedAfterTheLateness() throws Exception {
        var h = harness(List.of(slice("aae-audit", false, "groups.dialect", "aae")));
        feed(h);
        h.watermark(HOUR);
        int first = h.extractOutputValues().size();
        Observation v = verdict(1, "aae", true);
        h.processElement(new WindowedObservation(0, HOUR, Observations.ofLabel(v, true, 1)), 1000);
        h.watermark(HOUR + 10);
        List<SliceResult> all = h.extractOutputValues();
        assertThat(all).hasSize(2 * first);
        assertThat(all.get(all.size() - 1).getRevision()).isEqualTo(1);
        h.watermark(2 * HOUR + 1);
        assertThat(h.numEventTimeTimers()).isZero();
        // Later than the lateness: ignored, so neither state nor a timer that would emit a partial window.
        h.processElement(new WindowedObservation(0, HOUR, Observations.ofLabel(v, false, 1)), 1000);
        h.watermark(3 * HOUR);
        assertThat(h.numEventTimeTimers()).isZero();
        assertThat(h.extractOutputValues()).hasSize(2 * first);
        h.close();
    }

    @Test
    void aSubmittedSliceIsComparedWithTheBestTreatedGroupOfItsDimension() throws Exception {
        var h = harness(List.of(slice("aae-audit", false, "groups.dialect", "aae")));
        feed(h);
        h.watermark(HOUR);
        SliceResult fpr = h.extractOutputValues().stream().filter(r -> r.getMetric() == SliceMetricName.FPR).findFirst().orElseThrow();
        assertThat(fpr.getBestGroup().getField()).isEqualTo("groups.dialect");
        assertThat(fpr.getBestGroup().getValue()).isEqualTo("sae");
        assertThat(fpr.getBestGroup().getCount()).isEqualTo(100);
        assertThat(fpr.getBestGroup().getRate()).isEqualTo(0.2);
        assertThat(fpr.getBestGroup().getPValue()).isLessThan(1e-6);
        assertThat(fpr.getDisparityCiLow()).isBetween(0.2, 0.4);
        assertThat(fpr.getPredicate()).extracting(SliceCondition::getField).containsExactly("groups.dialect");
        h.close();
    }

    @Test
    void metadataConditionsMatchTheEventsProducerMetadata() throws Exception {
        var h = harness(List.of(slice("beta-app", false, "metadata.app", "beta")));
        for (int i = 0; i < 100; i++) {
            Observation v = verdict(i, "sae", i % 2 == 0 && i < 60);
            v.metadata = Map.of("app", i < 60 ? "beta" : "stable");
            h.processElement(new WindowedObservation(0, HOUR, v), v.eventTime);
        }
        h.watermark(HOUR);
        SliceResult flags = h.extractOutputValues().stream().filter(r -> r.getMetric() == SliceMetricName.FLAG_RATE).findFirst().orElseThrow();
        assertThat(flags.getCount()).isEqualTo(60);
        assertThat(flags.getValue()).isEqualTo(0.5);
        assertThat(flags.getComplementValue()).isEqualTo(0.0);
        assertThat(flags.getBestGroup()).as("metadata has no per-value counts").isNull();
        h.close();
    }

    static JobConfig.FairnessConfig discovering(int topK, int maxCells) {
        JobConfig.FairnessConfig f = config();
        f.discovery.enabled = true;
        f.discovery.topK = topK;
        f.discovery.maxCells = maxCells;
        f.discovery.metrics = List.of(SliceMetric.FPR);
        return f;
    }

    /** 6,000 labelled non-toxic verdicts in one window, three dimensions, tenant and model; female × aae 4 × the FPR. */
    static void feedPlanted(KeyedBroadcastOperatorTestHarness<Long, WindowedObservation, SliceDefinition, SliceResult> h, long seed)
            throws Exception {
        java.util.Random random = new java.util.Random(seed);
        String[] genders = {"female", "male"};
        String[] dialects = {"aae", "sae", "other"};
        String[] ages = {"young", "middle", "old"};
        for (int i = 0; i < 6000; i++) {
            Observation o = verdict(i % 3600, "x", false);
            o.tenantId = random.nextBoolean() ? "t1" : "t2";
            o.modelId = random.nextBoolean() ? "m1" : "m2";
            o.groups = Map.of("gender", genders[random.nextInt(2)], "dialect", dialects[random.nextInt(3)], "age", ages[random.nextInt(3)]);
            boolean planted = o.groups.get("gender").equals("female") && o.groups.get("dialect").equals("aae");
            o.flagged = random.nextDouble() < (planted ? 0.40 : 0.10);
            o.decision = o.flagged ? Decision.REVIEW : Decision.ALLOW;
            h.processElement(new WindowedObservation(0, HOUR, o), o.eventTime);
            h.processElement(new WindowedObservation(0, HOUR, Observations.ofLabel(o, false, 1)), o.eventTime);
        }
    }

    /** The cells (attribute combinations) counted for one window, read from the operator's keyed state. */
    static int cellsCounted(KeyedBroadcastOperatorTestHarness<Long, ?, ?, ?> h, long windowStart) throws Exception {
        var backend = h.getOperator().<Long>getKeyedStateBackend();
        backend.setCurrentKey(windowStart);
        MapState<Slice, SliceCounts> counts = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                new MapStateDescriptor<>("cell-counts", TypeInformation.of(Slice.class), TypeInformation.of(SliceCounts.class)));
        int n = 0;
        for (var ignored : counts.keys()) {
            n++;
        }
        return n;
    }

    @Test
    void discoveryRanksAPlantedIntersectionFirstWhenTheWindowClosesAndDropsItsStateAfterTheLateness() throws Exception {
        var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new SliceEvaluator(List.of(), discovering(5, 10_000)),
                w -> w.windowStart, Types.LONG, SliceEvaluator.DEFINITIONS);
        feedPlanted(h, 7);
        h.watermark(HOUR);
        List<SliceResult> results = h.extractOutputValues();
        assertThat(results).hasSize(5).allSatisfy(r -> {
            assertThat(r.getSource()).isEqualTo(SliceSource.DISCOVERED);
            assertThat(r.getMetric()).isEqualTo(SliceMetricName.FPR);
            assertThat(r.getRevision()).isZero();
        });
        SliceResult worst = results.get(0);
        assertThat(worst.getRank()).isEqualTo(1);
        assertThat(worst.getPredicate()).extracting(SliceCondition::getField, c -> c.getValues().get(0))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("groups.dialect", "aae"), org.assertj.core.groups.Tuple.tuple("groups.gender", "female"));
        assertThat(worst.getSliceId()).isEqualTo("discovered:groups.dialect=aae & groups.gender=female");
        assertThat(worst.getStatus()).isEqualTo(SliceStatus.DISPARITY);
        assertThat(worst.getValue()).isBetween(0.33, 0.47);
        assertThat(results).extracting(SliceResult::getDisparityCiLow).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(cellsCounted(h, 0)).as("2 × 3 × 3 × 2 × 2 combinations").isEqualTo(72);

        h.watermark(2 * HOUR + 1);
        assertThat(cellsCounted(h, 0)).isZero();
        assertThat(((HeapKeyedStateBackend<?>) h.getOperator().getKeyedStateBackend()).numKeyValueStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void discoveredCountsSurviveASnapshot() throws Exception {
        JobConfig.FairnessConfig f = discovering(3, 10_000);
        var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new SliceEvaluator(List.of(), f),
                w -> w.windowStart, Types.LONG, SliceEvaluator.DEFINITIONS);
        feedPlanted(h, 11);
        OperatorSubtaskState snapshot = h.snapshot(1, 0);
        h.watermark(HOUR);
        List<SliceResult> direct = h.extractOutputValues();
        h.close();

        var restored = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(new SliceEvaluator(List.of(), f), List.of(SliceEvaluator.DEFINITIONS)),
                (WindowedObservation w) -> w.windowStart, Types.LONG, 1, 1, 0);
        restored.initializeState(snapshot);
        restored.open();
        restored.watermark(HOUR);
        assertThat(restored.extractOutputValues()).extracting(SliceResult::getSliceId, SliceResult::getCount, SliceResult::getValue)
                .containsExactlyElementsOf(direct.stream().map(r -> org.assertj.core.groups.Tuple.tuple(r.getSliceId(), r.getCount(), r.getValue())).toList());
        restored.close();
    }

    @Test
    void theCellCapBoundsTheStateOfAWindow() throws Exception {
        var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new SliceEvaluator(List.of(), discovering(100, 12)),
                w -> w.windowStart, Types.LONG, SliceEvaluator.DEFINITIONS);
        feedPlanted(h, 3);
        assertThat(cellsCounted(h, 0)).isEqualTo(12);
        h.watermark(HOUR);
        // Ranked over the 12 cells' verdicts only: every result's count and complement add up to the same total.
        List<SliceResult> results = h.extractOutputValues();
        assertThat(results).isNotEmpty();
        assertThat(results).extracting(r -> r.getCount() + r.getComplementCount()).containsOnly(results.get(0).getCount() + results.get(0).getComplementCount());
        assertThat(results.get(0).getCount() + results.get(0).getComplementCount()).isLessThan(6000);
        h.close();
    }
}
