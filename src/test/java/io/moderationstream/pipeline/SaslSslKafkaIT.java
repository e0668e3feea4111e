package io.moderationstream.pipeline;

import io.moderationstream.avro.Verdict;
import io.moderationstream.config.ConfigLoader;
import io.moderationstream.config.JobConfig;
import io.moderationstream.io.RegistryCodec;
import io.moderationstream.io.TopicIO;
import io.moderationstream.io.WireFormat;
import io.moderationstream.testing.ChildKafkaBroker;
import io.moderationstream.testing.JobRuns;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import io.moderationstream.tools.embedded.EmbeddedRegistry;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Kubernetes job configuration ({@code jobs/k8s.yaml}: SASL_SSL, SCRAM-SHA-512, a PEM trust store, the password
 * from {@code KAFKA_SASL_PASSWORD}) runs the whole exactly-once pipeline against a broker whose only client listener
 * is SASL_SSL, and that broker refuses a wrong password.
 */
class SaslSslKafkaIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    /** The user that jobs/k8s.yaml logs in as. */
    private static final String USER = "moderation-stream";
    private static final String PASSWORD = "scram-test-pa55word";

    @Test
    @Timeout(240)
    void theDeployedSecurityConfigurationRunsThePipelineOverSaslSsl(@TempDir Path dir) throws Exception {
        try (ChildKafkaBroker kafka = ChildKafkaBroker.saslSsl(dir.resolve("kafka"), USER, PASSWORD);
             EmbeddedRegistry registry = EmbeddedRegistry.start()) {
            kafka.start();
            List<String> overrides = new ArrayList<>(PipelineFixture.overrides(kafka.bootstrapServers(), JobConfig.DeliveryGuarantee.EXACTLY_ONCE));
            overrides.addAll(List.of(
                    "kafka.properties.ssl.truststore.location=" + kafka.caCertificate(),
                    "scorers.toxicity.parallelism=1",
                    "scorers.toxicity.slot_sharing_group=default",
                    "scorers.citations.parallelism=1",
                    "scorers.citations.options.remote.enabled=false",
                    "scorers.watermark.parallelism=1",
                    // The deployed config writes registry framing: a real registry in place of the cluster's service.
                    "serialization.registry_url=" + registry.url()));
            JobConfig config = new ConfigLoader(Map.of("KAFKA_SASL_PASSWORD", PASSWORD, "WATERMARK_HASHING_KEY", "15485863"))
                    .load(Path.of("jobs/k8s.yaml"), overrides);
            assertThat(config.kafka.properties).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512");

            Map<String, String> client = kafka.clientProperties(USER, PASSWORD);
            kafka.createTopics(2, client, PipelineFixture.topics(config));
            int n = 300;
            List<byte[]> events = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                events.add(TestEvents.avro(TestEvents.event("e" + i, i % 3 == 0 ? "you stupid idiot" : "thanks, that helps",
                        Map.of("gender", i % 2 == 0 ? "female" : "male", "dialect", "en-US", "language", "en"), i)));
            }
            TopicIO.produce(kafka.bootstrapServers(), client, config.topics.events, events);

            JobRuns.runToEnd(config, 2);

            assertThat(config.serialization.format).isEqualTo(WireFormat.REGISTRY);
            List<Verdict> verdicts = new ArrayList<>();
            try (RegistryCodec codec = config.serialization.registry()) {
                for (var r : TopicIO.readAll(kafka.bootstrapServers(), client, config.topics.verdicts)) {
                    verdicts.add(WireFormat.decode(r.value(), Verdict.class, config.topics.verdicts, codec));
                }
            }
            assertThat(verdicts).extracting(Verdict::getEventId).doesNotHaveDuplicates().hasSize(n);

            assertThatThrownBy(() -> TopicIO.readAll(kafka.bootstrapServers(), kafka.clientProperties(USER, "wrong-password"),
                    config.topics.verdicts))
                    .isInstanceOf(SaslAuthenticationException.class);
        }
    }
}
