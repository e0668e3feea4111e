package io.moderationstream.fairness.slices;

import io.moderationstream.avro.Decision;
import io.moderationstream.avro.SliceCondition;
import io.moderationstream.avro.SliceDefinition;
import io.moderationstream.avro.SliceMetricName;
import io.moderationstream.avro.SliceResult;
import io.moderationstream.avro.SliceStatus;
import io.moderationstream.fairness.Observation;
import io.moderationstream.fairness.Observations;
import org.apache.flink.api.common.typeinfo.Types;
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

    /** An opened harness. */
    static KeyedBroadcastOperatorTestHarness<Long, WindowedObservation, SliceDefinition, SliceResult> harness(List<SliceDefinition> initial)
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new SliceEvaluator(initial, 1.96, 0.05, HOUR),
                w -> w.windowStart, Types.LONG, SliceEvaluator.DEFINITIONS);
    }

    /** A harness to restore a snapshot into, then open. */
    static KeyedBroadcastOperatorTestHarness<Long, WindowedObservation, SliceDefinition, SliceResult> unopened() throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(new SliceEvaluator(List.of(), 1.96, 0.05, HOUR), List.of(SliceEvaluator.DEFINITIONS)),
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
}
