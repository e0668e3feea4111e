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
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The only TaskManager is shut down twice while the job works through 50,000 events, and a fresh one takes its place
 * each time. Every task is lost with it, so the job restarts from its last checkpoint on the new TaskManager; the
 * committed output must still hold exactly one verdict per event.
 */
class TaskManagerLossIT {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static final int EVENTS = 50_000;
    /** Committed verdicts (upper bound: log end offsets) after which a TaskManager is lost. */
    private static final long[] KILL_AFTER = {10_000, 30_000};

    @Test
    @Timeout(400)
    void losingTheTaskManagerTwiceLosesAndDuplicatesNothing(@InjectMiniCluster MiniCluster miniCluster) throws Exception {
        EmbeddedKafka kafka = TestKafka.get();
        JobConfig config = PipelineFixture.config(kafka.bootstrapServers(), JobConfig.DeliveryGuarantee.EXACTLY_ONCE,
                "checkpointing.interval=300ms", "restart_attempts=10", "restart_delay=500ms");
        kafka.createTopics(2, PipelineFixture.topics(config));
        TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events, TestEvents.mixedAvro(0, EVENTS));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        JobEnvironment.configure(env, config);
        ModerationPipeline.of(config).build(env, true);
        JobClient job = env.executeAsync(config.jobName);

        // MiniCluster keeps terminated TaskManagers in its list: the replacement of the n-th loss has index n.
        for (int loss = 0; loss < KILL_AFTER.length; loss++) {
            awaitCommittedOffsets(kafka, config.topics.verdicts, KILL_AFTER[loss]);
            miniCluster.terminateTaskManager(loss).get(1, TimeUnit.MINUTES);
            miniCluster.startTaskManager();
        }
        job.getJobExecutionResult().get(5, TimeUnit.MINUTES);

        long restarts = JobRuns.restarts(REPORTER, job.getJobID());
        assertThat(restarts).as("each lost TaskManager restarted the job").isGreaterThanOrEqualTo(KILL_AFTER.length);
        List<Verdict> verdicts = JobRuns.read(kafka, config.topics.verdicts, Verdict.getDecoder());
        Map<String, Long> perEvent = verdicts.stream().collect(Collectors.groupingBy(Verdict::getEventId, Collectors.counting()));
        assertThat(perEvent).hasSize(EVENTS);
        assertThat(perEvent.values()).containsOnly(1L);
    }

    /** Waits until the topic's read_committed end offsets (records plus transaction markers) pass {@code atLeast}. */
    private static void awaitCommittedOffsets(EmbeddedKafka kafka, String topic, long atLeast) throws InterruptedException {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline) {
                if (consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum() >= atLeast) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("fewer than " + atLeast + " committed offsets in " + topic + " after 3 minutes");
    }
}
