package io.moderationstream.pipeline;

import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import io.moderationstream.config.JobConfig.DeliveryGuarantee;
import io.moderationstream.io.TopicIO;
import io.moderationstream.testing.ChildKafkaBroker;
import io.moderationstream.testing.JobRuns;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The only Kafka broker is killed (SIGKILL) while the unbounded job is writing verdicts and comes back on the same
 * ports and logs seconds later. The job must ride it out: keep running, score the events produced after the restart,
 * and hold one committed verdict per event (exactly-once) or at least one (at-least-once).
 */
class BrokerRestartIT {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static final int BEFORE_CRASH = 20_000;
    private static final int AFTER_RESTART = 5_000;

    @ParameterizedTest
    @EnumSource(DeliveryGuarantee.class)
    @Timeout(300)
    void theJobRecoversFromABrokerCrashWithoutLosingVerdicts(DeliveryGuarantee delivery, @TempDir Path dir) throws Exception {
        try (ChildKafkaBroker kafka = ChildKafkaBroker.plaintext(dir.resolve("kafka"))) {
            kafka.start();
            // Restarts are how the sink gets past a dead transaction coordinator: allow enough for the outage.
            JobConfig config = PipelineFixture.config(kafka.bootstrapServers(), delivery,
                    "restart_attempts=50", "restart_delay=1s");
            kafka.createTopics(2, Map.of(), PipelineFixture.topics(config));
            TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events, TestEvents.mixedAvro(0, BEFORE_CRASH));

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            JobEnvironment.configure(env, config);
            ModerationPipeline.of(config).build(env, false);
            JobClient job = env.executeAsync(config.jobName);
            try {
                int beforeKill = awaitVerdicts(kafka, config, ids -> !ids.isEmpty(), Duration.ofMinutes(2)).size();
                assertThat(beforeKill).as("the broker dies mid-run").isLessThan(BEFORE_CRASH);
                kafka.kill();
                Thread.sleep(3_000);
                kafka.start();
                TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events, TestEvents.mixedAvro(BEFORE_CRASH, AFTER_RESTART));

                Map<String, Long> perEvent = awaitVerdicts(kafka, config,
                        ids -> ids.size() == BEFORE_CRASH + AFTER_RESTART, Duration.ofMinutes(3));
                long restarts = JobRuns.restarts(REPORTER, job.getJobID());
                assertThat(job.getJobStatus().get()).as("after %s restarts", restarts).isEqualTo(JobStatus.RUNNING);
                assertThat(perEvent).hasSize(BEFORE_CRASH + AFTER_RESTART);
                if (delivery == DeliveryGuarantee.EXACTLY_ONCE) {
                    assertThat(perEvent.values()).as("verdicts per event").containsOnly(1L);
                }
            } finally {
                job.cancel().get();
            }
        }
    }

    /** Committed verdicts per event id, polled until {@code done} holds for the set of ids. */
    private static Map<String, Long> awaitVerdicts(ChildKafkaBroker kafka, JobConfig config,
                                                   Predicate<Map<String, Long>> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> perEvent = Map.of();
        while (System.nanoTime() < deadline) {
            List<Verdict> verdicts = new ArrayList<>();
            for (var r : TopicIO.readAll(kafka.bootstrapServers(), Map.of(), config.topics.verdicts)) {
                verdicts.add(Verdict.getDecoder().decode(r.value()));
            }
            perEvent = verdicts.stream().collect(Collectors.groupingBy(Verdict::getEventId, Collectors.counting()));
            if (done.test(perEvent)) {
                return perEvent;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out with " + perEvent.size() + " events having verdicts");
    }
}
