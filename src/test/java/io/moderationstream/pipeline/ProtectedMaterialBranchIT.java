package io.moderationstream.pipeline;

import io.moderationstream.avro.Decision;
import io.moderationstream.avro.Evidence;
import io.moderationstream.avro.Reason;
import io.moderationstream.avro.ScorerStatus;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import io.moderationstream.io.TopicIO;
import io.moderationstream.testing.JobRuns;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import io.moderationstream.testing.TestKafka;
import io.moderationstream.tools.embedded.EmbeddedKafka;
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

/**
 * The protected-material branch in the mini cluster (parallelism 2, one TaskManager: both subtasks map one index),
 * against a real broker: copies reviewed or blocked per tenant with their source, a short quotation and an unrelated
 * answer allowed, and every verdict carrying the branch's result.
 */
class ProtectedMaterialBranchIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    static final String COPY = "Here is the text you asked for: we hold these truths to be self-evident, that all men are created "
            + "equal, that they are endowed by their Creator with certain unalienable Rights, that among these are Life, Liberty "
            + "and the pursuit of Happiness. I hope that helps with your essay. When you analyse it, look at how the argument "
            + "moves from general principles to the specific complaints, and how the authors address the wider world rather "
            + "than the king alone; that structure is what made the text so widely imitated afterwards.";
    static final String QUOTE = "The famous line \u201Cwe hold these truths to be self-evident\u201D opens the second paragraph; "
            + "the rest of the document lists grievances against the king.";
    static final String OWN_WORDS = "The declaration argues that people have basic rights and that a government which abuses them "
            + "may be replaced; it then lists the colonists' complaints.";

    @Test
    @Timeout(300)
    void copiesAreFlaggedWithTheirSourceAndTheRestPasses() throws Exception {
        EmbeddedKafka kafka = TestKafka.get();
        JobConfig config = PipelineFixture.config(kafka.bootstrapServers(), JobConfig.DeliveryGuarantee.EXACTLY_ONCE,
                "scorers.protected_material.parallelism=2",
                "policy.tenants.publisher.protected_block={coverage: 0.0, longest_match_chars: 50}");
        kafka.createTopics(2, PipelineFixture.topics(config));
        List<byte[]> events = new ArrayList<>();
        events.add(TestEvents.avro(TestEvents.event("copy", COPY, Map.of(), 1)));
        var publisherCopy = TestEvents.event("copy-publisher", COPY, Map.of(), 2);
        publisherCopy.setTenantId("publisher");
        events.add(TestEvents.avro(publisherCopy));
        events.add(TestEvents.avro(TestEvents.event("quote", QUOTE, Map.of(), 3)));
        events.add(TestEvents.avro(TestEvents.event("own-words", OWN_WORDS, Map.of(), 4)));
        TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events, events);

        JobRuns.runToEnd(config, 2);

        Map<String, Verdict> verdicts = JobRuns.read(kafka, config.topics.verdicts, Verdict.getDecoder()).stream()
                .collect(Collectors.toMap(Verdict::getEventId, Function.identity()));
        assertThat(verdicts).hasSize(4);
        assertThat(verdicts.values()).allSatisfy(v -> assertThat(v.getResults().get("protected_material").getStatus()).isEqualTo(ScorerStatus.OK));

        Verdict copy = verdicts.get("copy");
        assertThat(copy.getDecision()).isEqualTo(Decision.REVIEW);
        assertThat(copy.getReasons()).extracting(Reason::getCode).contains("PROTECTED_REVIEW");
        Evidence match = copy.getResults().get("protected_material").getEvidence().get(0);
        assertThat(match.getAttributes()).containsEntry("source_id", "declaration-of-independence");
        assertThat(COPY.substring(match.getBegin(), match.getEnd())).contains("unalienable Rights");
        assertThat(copy.getResults().get("protected_material").getScores().get("longest_match_chars")).isGreaterThan(150.0);

        assertThat(verdicts.get("copy-publisher").getDecision()).isEqualTo(Decision.BLOCK);
        assertThat(verdicts.get("copy-publisher").getReasons()).extracting(Reason::getCode).contains("PROTECTED_BLOCK");
        for (String allowed : List.of("quote", "own-words")) {
            assertThat(verdicts.get(allowed).getReasons()).as(allowed).extracting(Reason::getCode)
                    .doesNotContain("PROTECTED_REVIEW", "PROTECTED_BLOCK");
            assertThat(verdicts.get(allowed).getResults().get("protected_material").getEvidence()).as(allowed).isEmpty();
        }
    }
}
