package io.moderationstream.fairness;

import io.moderationstream.avro.Alert;
import io.moderationstream.avro.AlertState;
import io.moderationstream.avro.Decision;
import io.moderationstream.avro.FairnessStats;
import io.moderationstream.avro.Label;
import io.moderationstream.avro.Verdict;
import io.moderationstream.scoring.ScorerResults;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FairnessOperatorsTest {

    static Verdict verdict(String id, Decision decision) {
        return Verdict.newBuilder().setEventId(id).setTenantId("t").setModelId("m").setCreatedAt(Instant.ofEpochMilli(1000))
                .setDecision(decision).setReasons(List.of())
                .setToxicity(ScorerResults.ok("toxicity", Map.of("toxicity", 0.7), List.of()))
                .setCitations(ScorerResults.skipped("citations", "none"))
                .setWatermark(ScorerResults.skipped("watermark", "none"))
                .setPolicyVersion("v1").setGroups(Map.of("gender", "female")).setIngestedAt(Instant.EPOCH).setProcessedAt(Instant.EPOCH)
                .build();
    }

    static Label label(String id, boolean toxic) {
        return Label.newBuilder().setEventId(id).setLabels(Map.of("toxic", toxic)).setLabelledAt(Instant.EPOCH).setSource("test").build();
    }

    @Test
    void labelsJoinInEitherOrderAndAChangedLabelRetractsTheOldOne() throws Exception {
        var harness = new KeyedTwoInputStreamOperatorTestHarness<String, Verdict, Label, Observation>(
                new KeyedCoProcessOperator<>(new LabelJoin(Duration.ofMinutes(10))), Verdict::getEventId, Label::getEventId, Types.STRING);
        harness.open();
        harness.processElement2(label("a", true), 0);           // label first: waits
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processElement1(verdict("a", Decision.BLOCK), 0);
        harness.processElement1(verdict("b", Decision.REVIEW), 0);
        harness.processElement2(label("b", false), 0);           // verdict first
        harness.processElement2(label("b", true), 0);            // corrected label
        harness.processElement2(label("b", true), 0);            // repeated: no change
        List<Observation> out = harness.extractOutputValues();
        assertThat(out).extracting(o -> o.eventId + ":" + o.kind + ":" + o.labelToxic + ":" + o.weight).containsExactly(
                "a:VERDICT:false:1", "a:LABEL:true:1", "b:VERDICT:false:1", "b:LABEL:false:1", "b:LABEL:false:-1", "b:LABEL:true:1");
        assertThat(out.get(0).score).isEqualTo(0.7);
        harness.close();
    }

    static Label label(String id, boolean toxic, long labelledAtMillis) {
        return Label.newBuilder(label(id, toxic)).setLabelledAt(Instant.ofEpochMilli(labelledAtMillis)).build();
    }

    /** The latest judgement counts, in whatever order the labels arrive; before and after the verdict alike. */
    @Test
    void anOutdatedLabelArrivingLateIsIgnored() throws Exception {
        var harness = new KeyedTwoInputStreamOperatorTestHarness<String, Verdict, Label, Observation>(
                new KeyedCoProcessOperator<>(new LabelJoin(Duration.ofMinutes(10))), Verdict::getEventId, Label::getEventId, Types.STRING);
        harness.open();
        harness.processElement2(label("a", true, 2_000), 0);
        harness.processElement2(label("a", false, 1_000), 0);   // pending, older: ignored
        harness.processElement1(verdict("a", Decision.BLOCK), 0);
        harness.processElement2(label("a", false, 1_500), 0);   // joined, still older than the applied one: ignored
        harness.processElement2(label("a", false, 3_000), 0);   // a newer correction: retracts and replaces
        assertThat(harness.extractOutputValues()).extracting(o -> o.kind + ":" + o.labelToxic + ":" + o.weight).containsExactly(
                "VERDICT:false:1", "LABEL:true:1", "LABEL:true:-1", "LABEL:false:1");
        harness.close();
    }

    @Test
    void labelJoinStateExpires() throws Exception {
        var harness = new KeyedTwoInputStreamOperatorTestHarness<String, Verdict, Label, Observation>(
                new KeyedCoProcessOperator<>(new LabelJoin(Duration.ofMillis(100))), Verdict::getEventId, Label::getEventId, Types.STRING);
        harness.open();
        harness.setStateTtlProcessingTime(0);
        harness.processElement1(verdict("a", Decision.ALLOW), 0);
        harness.setStateTtlProcessingTime(1_000);
        harness.processElement2(label("a", true), 0);
        // The verdict expired: the label waits as pending instead of joining.
        assertThat(harness.extractOutputValues()).hasSize(1);
        harness.close();
    }

    static GroupWindowStats stats(String group, int allowed, int flagged) {
        GroupWindowStats s = DisparityCalculatorTest.group(group, allowed, flagged, 0, 0, 0, 0, 0);
        s.windowStart = 0;
        s.windowEnd = 1000;
        return s;
    }

    @Test
    void windowsAreEmittedAtTheWatermarkReEmittedOnLateUpdatesAndDroppedAfterTheLateness() throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<io.moderationstream.fairness.WindowKey, GroupWindowStats, FairnessStats>(
                new KeyedProcessOperator<>(new WindowDisparity(new DisparityCalculator(5, 0.8, 1.96), 500)), GroupWindowStats::windowKey, org.apache.flink.api.common.typeinfo.TypeInformation.of(io.moderationstream.fairness.WindowKey.class));
        harness.open();
        harness.processElement(stats("a", 40, 0), 999);
        harness.processElement(stats("b", 10, 30), 999);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processWatermark(999);
        List<FairnessStats> first = harness.extractOutputValues();
        assertThat(first).extracting(FairnessStats::getGroup).containsExactly("a", "b");
        assertThat(first).extracting(FairnessStats::getRevision).containsOnly(0);
        assertThat(first.get(1).getDisparity()).isTrue();

        harness.processElement(stats("b", 35, 5), 999);         // late update within the allowed lateness
        List<FairnessStats> all = harness.extractOutputValues();
        assertThat(all).hasSize(4);
        assertThat(all.subList(2, 4)).extracting(FairnessStats::getRevision).containsOnly(1);
        assertThat(all.get(3).getDisparity()).isFalse();

        harness.processWatermark(1500);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        harness.close();
    }

    @Test
    void alertsFireOnceAndResolveOnlyPastTheHysteresis() throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<io.moderationstream.fairness.GroupKey, FairnessStats, Alert>(
                new KeyedProcessOperator<>(new DisparityAlerts(0.8, 0.05)), DisparityAlerts::alertKey, org.apache.flink.api.common.typeinfo.TypeInformation.of(io.moderationstream.fairness.GroupKey.class));
        harness.open();
        double[] ratios = {0.6, 0.7, 0.82, 0.6, 0.9};          // breach, still breached, in the band, breach, recovered
        boolean[] disparity = {true, true, false, true, false};
        for (int i = 0; i < ratios.length; i++) {
            FairnessStats s = new DisparityCalculator(1, 0.8, 1.96).compute(List.of(stats("a", 40, 0), stats("b", 30, 10)), i, 0).get(1);
            s.setPassRateRatio(ratios[i]);
            s.setDisparity(disparity[i]);
            s.setFprRatio(null);
            harness.processElement(s, i);
        }
        assertThat(harness.extractOutputValues()).extracting(Alert::getState).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        harness.close();
    }
}
