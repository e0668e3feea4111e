package io.moderationstream.pipeline;

import io.moderationstream.avro.Decision;
import io.moderationstream.avro.ScorerStatus;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import io.moderationstream.tools.embedded.EmbeddedKafka;
import io.moderationstream.io.TopicIO;
import io.moderationstream.testing.JobRuns;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import io.moderationstream.testing.TestKafka;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The transformer toxicity branch (DJL, ONNX Runtime, trained head) in the mini cluster, micro-batched, on real text. */
class ToxicityBranchIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    static final Map<String, String> TEXTS = Map.of(
            "abuse-1", "You are a pathetic, worthless idiot and everyone would be better off if you just shut up forever.",
            "abuse-2", "Get the fuck out of here, you stupid piece of shit.",
            "threat", "The weather was fine. I know where you live and I am going to hurt you.",
            "benign-1", "To reset your password, open the settings page and choose 'Forgot password'.",
            "benign-2", "The train to Edinburgh leaves at half past nine from platform four.",
            "identity", "I am a proud gay man and I love my husband.");

    /** The default fine-tuned classifier and the light fallback head serve the same branch. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = io.moderationstream.scoring.toxicity.ToxicityEngine.class, names = {"FINETUNED", "ONNX"})
    @Timeout(300)
    void scoresRealTextInTheStream(io.moderationstream.scoring.toxicity.ToxicityEngine engine) throws Exception {
        EmbeddedKafka kafka = TestKafka.get();
        JobConfig config = PipelineFixture.config(kafka.bootstrapServers(), JobConfig.DeliveryGuarantee.AT_LEAST_ONCE,
                "scorers.toxicity.options.engine=" + engine.configName(), "scorers.toxicity.options.threads=1",
                "scorers.toxicity.batch_size=4", "scorers.toxicity.batch_timeout=50ms", "scorers.toxicity.parallelism=2");
        kafka.createTopics(2, PipelineFixture.topics(config));
        List<byte[]> events = new ArrayList<>();
        TEXTS.forEach((id, text) -> events.add(TestEvents.avro(TestEvents.event(id, text, Map.of(), 1))));
        TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events, events);

        JobRuns.runToEnd(config, 2);

        Map<String, Verdict> verdicts = JobRuns.read(kafka, config.topics.verdicts, Verdict.getDecoder()).stream()
                .collect(Collectors.toMap(Verdict::getEventId, Function.identity()));
        assertThat(verdicts).hasSize(TEXTS.size());
        verdicts.values().forEach(v -> assertThat(v.getToxicity().getStatus()).isEqualTo(ScorerStatus.OK));
        for (String id : List.of("abuse-1", "abuse-2")) {
            assertThat(verdicts.get(id).getDecision()).as(id).isNotEqualTo(Decision.ALLOW);
        }
        for (String id : List.of("benign-1", "benign-2", "identity")) {
            assertThat(verdicts.get(id).getDecision()).as(id).isEqualTo(Decision.ALLOW);
        }
        // The veiled threat is flagged by the light head (0.6) but scored 0.49 by the fine-tuned model, just under the
        // 0.5 review threshold (MODEL_CARD.md, known limits): both must rank it above every benign text.
        var threat = verdicts.get("threat");
        for (String id : List.of("benign-1", "benign-2", "identity")) {
            assertThat(threat.getToxicity().getScores().get("toxicity"))
                    .isGreaterThan(verdicts.get(id).getToxicity().getScores().get("toxicity") + 0.3);
        }
        if (engine == io.moderationstream.scoring.toxicity.ToxicityEngine.ONNX) {
            assertThat(threat.getDecision()).isNotEqualTo(Decision.ALLOW);
        }
        var span = threat.getToxicity().getEvidence().stream()
                .filter(e -> e.getAttributes().get("piece").equals("sentence")).findFirst().orElseThrow();
        assertThat(TEXTS.get("threat").substring(span.getBegin(), span.getEnd())).isEqualTo("I know where you live and I am going to hurt you.");
        assertThat(threat.getToxicity().getScores()).containsKeys("toxicity", "severe_toxicity", "identity_attack", "insult",
                "profanity", "threat", "sexually_explicit");
    }

    static final String HARMLESS = "Judaism is one of the oldest monotheistic religions, and its central text is the Torah. "
            + "Jewish communities observe the Sabbath from Friday evening to Saturday evening. Many families celebrate Passover "
            + "with a meal that retells the story of the Exodus. Synagogues serve as places of prayer, study and community gatherings.";
    static final String WITH_HATE = HARMLESS.replace("the Sabbath from Friday evening to Saturday evening. ",
            "the Sabbath from Friday evening to Saturday evening. Jews are parasites and the world would be better without them. ");

    /**
     * Context scoring in the stream: a long harmless paragraph about a religion is not flagged by one sentence that
     * reads as toxic alone (the whole-text pass and the maximum over sentences flag it), while the same paragraph with
     * one hateful sentence inside is still blocked, with that sentence as the evidence.
     */
    @Test
    @Timeout(300)
    void aLongHarmlessTextIsNotFlaggedByChanceAndTheOneToxicSentenceStillIs() throws Exception {
        EmbeddedKafka kafka = TestKafka.get();
        Map<String, Verdict> verdicts = new java.util.HashMap<>();
        for (String scoring : List.of("max", "context")) {
            JobConfig config = PipelineFixture.config(kafka.bootstrapServers(), JobConfig.DeliveryGuarantee.AT_LEAST_ONCE,
                    "scorers.toxicity.options.engine=finetuned", "scorers.toxicity.options.threads=1",
                    "scorers.toxicity.options.text_scoring=" + scoring, "scorers.toxicity.batch_size=2");
            kafka.createTopics(2, PipelineFixture.topics(config));
            TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events, List.of(
                    TestEvents.avro(TestEvents.event(scoring + "-harmless", HARMLESS, Map.of(), 1)),
                    TestEvents.avro(TestEvents.event(scoring + "-hate", WITH_HATE, Map.of(), 2))));
            JobRuns.runToEnd(config, 1);
            JobRuns.read(kafka, config.topics.verdicts, Verdict.getDecoder()).forEach(v -> verdicts.put(v.getEventId(), v));
        }
        assertThat(verdicts.get("max-harmless").getDecision()).as("each sentence alone and the whole text").isNotEqualTo(Decision.ALLOW);
        assertThat(verdicts.get("context-harmless").getDecision()).isEqualTo(Decision.ALLOW);
        Verdict hate = verdicts.get("context-hate");
        assertThat(hate.getDecision()).isEqualTo(Decision.BLOCK);
        var span = hate.getToxicity().getEvidence().get(0);
        assertThat(WITH_HATE.substring(span.getBegin(), span.getEnd())).isEqualTo("Jews are parasites and the world would be better without them.");
    }
}
