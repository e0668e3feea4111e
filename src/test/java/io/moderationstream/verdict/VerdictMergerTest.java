package io.moderationstream.verdict;

import io.moderationstream.avro.Decision;
import io.moderationstream.avro.ScorerStatus;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import io.moderationstream.scoring.PartialScore;
import io.moderationstream.scoring.ScorerResults;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictMergerTest {
    private static final long TIMEOUT = 1_000;
    private static final long RETENTION = 10_000;
    private KeyedOneInputStreamOperatorTestHarness<String, MergeInput, Verdict> harness;

    @BeforeEach
    void setUp() throws Exception {
        VerdictMerger merger = new VerdictMerger(new java.util.LinkedHashSet<>(java.util.List.of("toxicity", "citations", "watermark")), Duration.ofMillis(TIMEOUT),
                Duration.ofMillis(RETENTION), new DecisionPolicy(new JobConfig.PolicyConfig()));
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(merger), in -> in.eventId, Types.STRING);
        harness.open();
        harness.setProcessingTime(0);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static EventMeta meta(String id) {
        EventMeta m = new EventMeta();
        m.eventId = id;
        m.tenantId = "t";
        m.modelId = "m";
        m.createdAt = 1000;
        m.ingestedAt = 1100;
        m.groups = Map.of("gender", "female");
        m.metadata = Map.of("app", "beta");
        return m;
    }

    private static MergeInput partial(String id, String name, Map<String, Double> scores) {
        return MergeInput.partial(new PartialScore(id, ScorerResults.ok(name, scores, List.of())));
    }

    private List<Verdict> verdicts() {
        return harness.extractOutputValues();
    }

    @Test
    void emitsOnceAllThreeScorersAnsweredAndClearsState() throws Exception {
        harness.processElement(MergeInput.meta(meta("e1")), 0);
        harness.processElement(partial("e1", "toxicity", Map.of("toxicity", 0.9)), 0);
        harness.processElement(partial("e1", "citations", Map.of("fabricated_citation", 0.0)), 0);
        assertThat(verdicts()).isEmpty();
        harness.processElement(partial("e1", "watermark", Map.of("detected", 0.0)), 0);

        assertThat(verdicts()).hasSize(1);
        Verdict v = verdicts().get(0);
        assertThat(v.getDecision()).isEqualTo(Decision.BLOCK);
        assertThat(v.getReasons()).extracting(r -> r.getCode()).containsExactly(io.moderationstream.scoring.toxicity.ToxicityPlugin.Reason.TOXICITY_BLOCK.name());
        assertThat(v.getGroups()).containsEntry("gender", "female");
        assertThat(v.getMetadata()).as("carried for slices on metadata.<key>").containsEntry("app", "beta");
        // Only the emitted-marker and its cleanup timer remain.
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
        harness.setProcessingTime(RETENTION + 1);
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void marksMissingScorersDegradedAfterTheTimeout() throws Exception {
        harness.processElement(MergeInput.meta(meta("e2")), 0);
        harness.processElement(partial("e2", "watermark", Map.of("detected", 0.0)), 0);
        harness.setProcessingTime(TIMEOUT - 1);
        assertThat(verdicts()).isEmpty();
        harness.setProcessingTime(TIMEOUT);

        assertThat(verdicts()).hasSize(1);
        Verdict v = verdicts().get(0);
        assertThat(v.getToxicity().getStatus()).isEqualTo(ScorerStatus.DEGRADED);
        assertThat(v.getCitations().getStatus()).isEqualTo(ScorerStatus.DEGRADED);
        assertThat(v.getWatermark().getStatus()).isEqualTo(ScorerStatus.OK);
        assertThat(v.getDecision()).isEqualTo(Decision.REVIEW);
        assertThat(v.getReasons()).extracting(r -> r.getCode()).containsOnly(ReasonCode.SCORER_DEGRADED.name());
    }

    @Test
    void latePartialAfterTheTimeoutIsDroppedNotReEmitted() throws Exception {
        harness.processElement(MergeInput.meta(meta("e3")), 0);
        harness.setProcessingTime(TIMEOUT);
        assertThat(verdicts()).hasSize(1);
        harness.processElement(partial("e3", "toxicity", Map.of("toxicity", 0.1)), TIMEOUT + 5);
        harness.setProcessingTime(TIMEOUT + RETENTION + 1);
        assertThat(verdicts()).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void partialsWithoutAnEventAreCleanedUpAtTheTimeout() throws Exception {
        harness.processElement(partial("ghost", "toxicity", Map.of("toxicity", 0.1)), 0);
        harness.setProcessingTime(TIMEOUT);
        assertThat(verdicts()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void stateSurvivesASnapshotAndRestore() throws Exception {
        harness.processElement(MergeInput.meta(meta("e4")), 0);
        harness.processElement(partial("e4", "toxicity", Map.of("toxicity", 0.6)), 0);
        var snapshot = harness.snapshot(1L, 1L);
        harness.close();

        VerdictMerger merger = new VerdictMerger(new java.util.LinkedHashSet<>(java.util.List.of("toxicity", "citations", "watermark")), Duration.ofMillis(TIMEOUT),
                Duration.ofMillis(RETENTION), new DecisionPolicy(new JobConfig.PolicyConfig()));
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(merger), in -> in.eventId, Types.STRING);
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();
        harness.processElement(partial("e4", "citations", Map.of()), 0);
        harness.processElement(partial("e4", "watermark", Map.of()), 0);
        assertThat(verdicts()).hasSize(1);
        assertThat(verdicts().get(0).getDecision()).isEqualTo(Decision.REVIEW);
        assertThat(verdicts().get(0).getToxicity().getScores()).containsEntry("toxicity", 0.6);
    }
}
