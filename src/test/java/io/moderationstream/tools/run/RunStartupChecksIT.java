package io.moderationstream.tools.run;

import io.moderationstream.config.JobConfig;
import io.moderationstream.testing.CliRuns;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestKafka;
import io.moderationstream.tools.embedded.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each of {@code run}'s start-up checks, against a real broker: one line that names what is wrong and how to fix it. */
@Timeout(120)
class RunStartupChecksIT {

    private static CliRuns.Outcome run(List<String> overrides, String... options) {
        List<String> args = new ArrayList<>(List.of("run", "--config", "jobs/local.yaml", "--quiet"));
        args.addAll(List.of(options));
        overrides.forEach(o -> args.addAll(List.of("--set", o)));
        return CliRuns.run(args.toArray(String[]::new));
    }

    private static List<String> overrides(EmbeddedKafka kafka, Path dir, String... more) throws Exception {
        List<String> all = new ArrayList<>(PipelineFixture.overrides(kafka.bootstrapServers(), JobConfig.DeliveryGuarantee.EXACTLY_ONCE));
        all.add("checkpointing.storage=" + dir.resolve("state").toUri());
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void brokersThatDoNotAnswer(@TempDir Path dir) throws Exception {
        List<String> o = overrides(TestKafka.get(), dir, "kafka.bootstrap_servers=localhost:1");
        CliRuns.Outcome out = run(o);
        assertThat(out.code()).isEqualTo(2);
        assertThat(out.lines()).as(out.err()).isEqualTo(1);
        assertThat(out.err()).startsWith("moderation-stream run: no Kafka broker answers at localhost:1")
                .contains("--set kafka.bootstrap_servers=");
    }

    @Test
    void missingTopicsAreNamedWithTheOptionThatCreatesThem(@TempDir Path dir) throws Exception {
        EmbeddedKafka kafka = TestKafka.get();
        List<String> o = overrides(kafka, dir);
        JobConfig config = new io.moderationstream.config.ConfigLoader().defaults(o);
        kafka.createTopics(1, config.topics.events, config.topics.labels, config.topics.verdicts, config.topics.review,
                config.topics.fairness, config.topics.alerts, config.topics.deadLetter, config.topics.sliceResults);
        awaitListed(kafka, config.topics.sliceResults);
        CliRuns.Outcome out = run(o);
        assertThat(out.code()).isEqualTo(2);
        assertThat(out.lines()).as(out.err()).isEqualTo(1);
        assertThat(out.err()).startsWith("moderation-stream run: topic(s) " + config.topics.slices + " missing on " + kafka.bootstrapServers())
                .contains("topics.slices").contains("--create-topics");
    }

    /** A shared broker can take a moment before a new topic shows in its metadata. */
    private static void awaitListed(EmbeddedKafka kafka, String topic) throws Exception {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(java.util.Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!admin.listTopics().names().get().contains(topic) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
    }

    @Test
    void aCheckpointStorageThatCannotBeWritten(@TempDir Path dir) throws Exception {
        List<String> o = overrides(TestKafka.get(), dir, "checkpointing.storage=file:///proc/no-such-place/checkpoints");
        CliRuns.Outcome out = run(o, "--create-topics");
        assertThat(out.code()).isEqualTo(2);
        assertThat(out.err().lines().filter(l -> l.startsWith("moderation-stream run:")).toList())
                .singleElement().asString().contains("the checkpoint storage file:///proc/no-such-place/checkpoints is not writable")
                .contains("checkpointing.storage");
    }

    @Test
    void aSchemaRegistryThatDoesNotAnswer(@TempDir Path dir) throws Exception {
        List<String> o = overrides(TestKafka.get(), dir, "serialization.registry_url=http://localhost:1/apis/registry/v3");
        CliRuns.Outcome out = run(o, "--create-topics");
        assertThat(out.code()).isEqualTo(2);
        assertThat(out.err().lines().filter(l -> l.startsWith("moderation-stream run:")).toList())
                .singleElement().asString().contains("the schema registry at http://localhost:1/apis/registry/v3 does not answer")
                .contains("serialization.registry_url");
    }

    @Test
    void contradictoryOptionsAreOneLine(@TempDir Path dir) throws Exception {
        CliRuns.Outcome out = run(overrides(TestKafka.get(), dir), "--fresh", "--from-savepoint", "/tmp/x");
        assertThat(out.code()).isEqualTo(2);
        assertThat(out.err().strip()).isEqualTo("run: --fresh and --from-savepoint exclude each other; pick one");
    }
}
