package io.moderationstream.pipeline;

import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import io.moderationstream.tools.embedded.EmbeddedKafka;
import io.moderationstream.io.TopicIO;
import io.moderationstream.testing.JobRuns;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import io.moderationstream.testing.TestKafka;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented upgrade procedure: stop the running job with a savepoint, change the job (here: every scorer's
 * parallelism), restore from the savepoint. Stable uids carry the Kafka offsets and all keyed state across; the
 * committed output must hold every event's verdict exactly once.
 */
class SavepointUpgradeIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(8).build());

    @Test
    @Timeout(300)
    void restoresIntoAChangedJobGraphWithoutLosingOrDuplicatingVerdicts(@TempDir Path savepoints) throws Exception {
        EmbeddedKafka kafka = TestKafka.get();
        JobConfig before = PipelineFixture.config(kafka.bootstrapServers(), JobConfig.DeliveryGuarantee.EXACTLY_ONCE);
        kafka.createTopics(2, PipelineFixture.topics(before));
        TopicIO.produce(kafka.bootstrapServers(), Map.of(), before.topics.events, events(0, 300));

        JobClient first = start(before, null);
        awaitVerdicts(kafka, before, 300);
        String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();

        // Events that arrive while the job is down are picked up after the upgrade from the savepoint's offsets.
        TopicIO.produce(kafka.bootstrapServers(), Map.of(), before.topics.events, events(300, 600));
        JobConfig after = PipelineFixture.config(kafka.bootstrapServers(), JobConfig.DeliveryGuarantee.EXACTLY_ONCE,
                "scorers.toxicity.parallelism=2", "scorers.citations.parallelism=2", "scorers.watermark.parallelism=2");
        after.topics = before.topics;
        after.kafka.groupId = before.kafka.groupId;
        after.kafka.transactionalIdPrefix = before.kafka.transactionalIdPrefix;
        JobClient second = start(after, savepoint);
        List<Verdict> verdicts = awaitVerdicts(kafka, before, 600);
        second.cancel().get();

        Map<String, Long> perEvent = verdicts.stream().collect(Collectors.groupingBy(Verdict::getEventId, Collectors.counting()));
        assertThat(perEvent).hasSize(600);
        assertThat(perEvent.values()).containsOnly(1L);
    }

    private static List<byte[]> events(int from, int to) {
        List<byte[]> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(TestEvents.avro(TestEvents.event("u" + i, "an ordinary answer " + i, Map.of("gender", i % 2 == 0 ? "f" : "m"), i)));
        }
        return out;
    }

    private static JobClient start(JobConfig config, String savepoint) throws Exception {
        Configuration conf = new Configuration();
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        JobEnvironment.configure(env, config);
        ModerationPipeline.of(config).build(env, false);
        return env.executeAsync(config.jobName);
    }

    private static List<Verdict> awaitVerdicts(EmbeddedKafka kafka, JobConfig config, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        List<Verdict> verdicts = List.of();
        while (System.currentTimeMillis() < deadline) {
            verdicts = JobRuns.read(kafka, config.topics.verdicts, Verdict.getDecoder());
            if (verdicts.size() >= expected) {
                return verdicts;
            }
            Thread.sleep(500);
        }
        return verdicts;
    }
}
