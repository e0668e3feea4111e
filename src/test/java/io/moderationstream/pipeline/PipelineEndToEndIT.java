package io.moderationstream.pipeline;

import io.moderationstream.io.ErrorCode;
import io.moderationstream.avro.DeadLetter;
import io.moderationstream.avro.Decision;
import io.moderationstream.avro.FairnessStats;
import io.moderationstream.avro.ScorerStatus;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import io.moderationstream.tools.embedded.EmbeddedKafka;
import io.moderationstream.io.DeduplicateEvents;
import io.moderationstream.io.TopicIO;
import io.moderationstream.testing.JobRuns;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import io.moderationstream.testing.TestKafka;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole job on a real broker and a Flink mini cluster: events in, one verdict per valid event out. */
class PipelineEndToEndIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static final String[] TOXIC = {
        "You are a worthless idiot and everyone knows it.",
        "Shut up you stupid moron.",
    };
    private static final String[] CLEAN = {
        "The library opens at nine and closes at five.",
        "Here is a summary of the quarterly report.",
        "Transformers were introduced in 2017.\n[1] Ashish Vaswani, Noam Shazeer, Niki Parmar. Attention is All you Need. In Advances in Neural Information Processing Systems, 2017.",
    };


    @ParameterizedTest
    @EnumSource(JobConfig.DeliveryGuarantee.class)
    @Timeout(240)
    void scoresEveryValidEventOnceAndDeadLettersTheRest(JobConfig.DeliveryGuarantee delivery) throws Exception {
        EmbeddedKafka kafka = TestKafka.get();
        JobConfig config = PipelineFixture.config(kafka.bootstrapServers(), delivery);
        kafka.createTopics(2, PipelineFixture.topics(config));

        List<byte[]> events = new ArrayList<>();
        List<byte[]> labels = new ArrayList<>();
        int valid = 40;
        for (int i = 0; i < valid; i++) {
            boolean toxic = i % 4 == 0;
            String text = toxic ? TOXIC[i % TOXIC.length] : CLEAN[i % CLEAN.length];
            Map<String, String> groups = Map.of("gender", i % 2 == 0 ? "female" : "male");
            // Both wire formats: Avro single-object encoding and JSON.
            events.add(i % 3 == 0 ? TestEvents.jsonEvent("e" + i, text, groups, i)
                    : TestEvents.avro(TestEvents.event("e" + i, text, groups, i)));
            labels.add(TestEvents.label("e" + i, toxic));
        }
        events.addAll(TestEvents.malformed());
        events.add(TestEvents.avro(TestEvents.event("e1", "a retry of e1 with other text", Map.of(), 1)));
        labels.add("{\"labels\": {}}".getBytes());
        TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events, events);
        TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.labels, labels);

        JobRuns.runToEnd(config, 2);

        List<Verdict> verdicts = JobRuns.read(kafka, config.topics.verdicts, Verdict.getDecoder());
        Map<String, Long> perEvent = verdicts.stream().collect(Collectors.groupingBy(Verdict::getEventId, Collectors.counting()));
        assertThat(perEvent).hasSize(valid);
        assertThat(perEvent.values()).containsOnly(1L);
        Map<String, Verdict> byId = verdicts.stream().collect(Collectors.toMap(Verdict::getEventId, Function.identity()));
        assertThat(byId.get("e0").getDecision()).isNotEqualTo(Decision.ALLOW);
        assertThat(byId.get("e1").getDecision()).isEqualTo(Decision.ALLOW);
        for (Verdict v : verdicts) {
            assertThat(v.getToxicity().getStatus()).isEqualTo(ScorerStatus.OK);
            assertThat(v.getWatermark().getStatus()).isIn(ScorerStatus.OK, ScorerStatus.SKIPPED);
            assertThat(v.getCitations().getStatus()).isIn(ScorerStatus.OK, ScorerStatus.SKIPPED);
        }
        Verdict cited = byId.get("e2");
        assertThat(cited.getCitations().getStatus()).isEqualTo(ScorerStatus.OK);
        assertThat(cited.getCitations().getScores()).containsEntry("verified", 1.0);

        List<Verdict> review = JobRuns.read(kafka, config.topics.review, Verdict.getDecoder());
        assertThat(review).extracting(Verdict::getEventId).containsExactlyInAnyOrderElementsOf(
                verdicts.stream().filter(v -> v.getDecision() == Decision.REVIEW).map(Verdict::getEventId).toList());

        List<DeadLetter> dlq = JobRuns.read(kafka, config.topics.deadLetter, DeadLetter.getDecoder());
        assertThat(dlq).hasSize(TestEvents.malformed().size() + 2);
        assertThat(dlq).extracting(DeadLetter::getErrorCode).contains(ErrorCode.DUPLICATE_EVENT_ID.name(),
                "NOT_DECODABLE", "MISSING_FIELD", "INVALID_FIELD");
        assertThat(dlq).allSatisfy(d -> assertThat(d.getReason()).isNotBlank());

        List<FairnessStats> fairness = JobRuns.read(kafka, config.topics.fairness, FairnessStats.getDecoder());
        // The producer's gender groups (the derived dimensions, e.g. language, have rows of their own).
        Map<String, FairnessStats> latest = fairness.stream().filter(f -> f.getDimension().equals("gender"))
                .collect(Collectors.toMap(FairnessStats::getGroup, Function.identity(),
                (a, b) -> a.getRevision() >= b.getRevision() ? a : b));
        assertThat(latest.keySet()).containsExactlyInAnyOrder("female", "male");
        FairnessStats female = latest.get("female");
        assertThat(female.getCount()).isEqualTo(20);
        assertThat(female.getLabelled()).isEqualTo(20);
        assertThat(female.getTp() + female.getFn()).isEqualTo(10);
        assertThat(latest.get("male").getTp() + latest.get("male").getFn()).isZero();
    }
}
