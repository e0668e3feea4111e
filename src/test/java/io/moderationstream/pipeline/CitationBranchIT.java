package io.moderationstream.pipeline;

import io.moderationstream.avro.Evidence;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import io.moderationstream.tools.embedded.EmbeddedKafka;
import io.moderationstream.io.TopicIO;
import io.moderationstream.testing.FakeScholarlyApi;
import io.moderationstream.testing.JobRuns;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.SharedCitationIndex;
import io.moderationstream.testing.TestEvents;
import io.moderationstream.testing.TestKafka;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The citations branch in the mini cluster with the local index built from the shared 232k-paper databases and the
 * remote resolvers (through Async I/O) pointed at a local Crossref/OpenAlex stand-in: healthy, slow, then down.
 */
class CitationBranchIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    static final Map<String, String> TEXTS = Map.of(
            "real-acl", "As shown before:\n[1] Jacob Devlin, Ming-Wei Chang, Kenton Lee, Kristina Toutanova. BERT: Pre-training of Deep "
                    + "Bidirectional Transformers for Language Understanding. In Proceedings of NAACL, 2019.",
            "fabricated-acl", "As shown before:\n[1] Jacob Devlin, Percy Liang. Recursive Sparse Attention Graphs for Multilingual "
                    + "Dialogue Grounding. In Proceedings of ACL, 2020.",
            "aaai-remote", "Hypergraphs help:\n[1] Yifan Feng, Haoxuan You, Zizhao Zhang, Rongrong Ji, Yue Gao. Hypergraph Neural Networks. "
                    + "In Proceedings of the AAAI Conference on Artificial Intelligence, 2019.",
            "no-references", "Just a friendly answer without any citation.");

    @ParameterizedTest
    @EnumSource(value = FakeScholarlyApi.Mode.class, names = {"NORMAL", "SLOW", "FAILING"})
    @Timeout(300)
    void verifiesLocallyAndRemotelyAndNeverWaitsForAnOutage(FakeScholarlyApi.Mode mode) throws Exception {
        Path index = SharedCitationIndex.get();
        Assumptions.assumeTrue(index != null, "../shared/data not present");
        try (FakeScholarlyApi api = new FakeScholarlyApi()) {
            api.mode(mode);
            EmbeddedKafka kafka = TestKafka.get();
            JobConfig config = PipelineFixture.config(kafka.bootstrapServers(), JobConfig.DeliveryGuarantee.EXACTLY_ONCE,
                    "scorers.citations.options.index_dir=" + index,
                    "scorers.citations.options.remote.enabled=true",
                    "scorers.citations.options.remote.crossref_url=" + api.crossrefUrl(),
                    "scorers.citations.options.remote.openalex_url=" + api.openalexUrl(),
                    "scorers.citations.options.remote.request_timeout=400ms",
                    "scorers.citations.options.remote.max_attempts=2",
                    "scorers.citations.options.remote.event_timeout=2s",
                    "scorers.citations.options.remote.capacity=4");
            kafka.createTopics(2, PipelineFixture.topics(config));
            List<byte[]> events = new ArrayList<>();
            TEXTS.forEach((id, text) -> events.add(TestEvents.avro(TestEvents.event(id, text, Map.of(), 1))));
            TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events, events);

            JobRuns.runToEnd(config, 2);

            Map<String, Verdict> verdicts = JobRuns.read(kafka, config.topics.verdicts, Verdict.getDecoder()).stream()
                    .collect(Collectors.toMap(Verdict::getEventId, Function.identity()));
            assertThat(verdicts).hasSize(TEXTS.size());
            assertThat(status(verdicts.get("real-acl"))).isEqualTo("VERIFIED");
            assertThat(status(verdicts.get("fabricated-acl"))).isEqualTo("NOT_FOUND");
            assertThat(verdicts.get("fabricated-acl").getReasons()).extracting(r -> r.getCode()).contains("FABRICATED_CITATION");
            assertThat(status(verdicts.get("aaai-remote"))).isEqualTo(mode == FakeScholarlyApi.Mode.NORMAL ? "VERIFIED" : "UNVERIFIABLE");
            assertThat(verdicts.get("no-references").getCitations().getStatus().name()).isEqualTo("SKIPPED");
        }
    }

    private static String status(Verdict v) {
        List<Evidence> evidence = v.getCitations().getEvidence();
        assertThat(evidence).hasSize(1);
        return evidence.get(0).getAttributes().get("status");
    }
}
