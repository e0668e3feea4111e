package io.moderationstream.pipeline;

import io.moderationstream.avro.SliceMetricName;
import io.moderationstream.avro.SliceResult;
import io.moderationstream.avro.SliceSource;
import io.moderationstream.avro.SliceStatus;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import io.moderationstream.io.TopicIO;
import io.moderationstream.io.WireFormat;
import io.moderationstream.testing.CliRuns;
import io.moderationstream.testing.JobRuns;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import io.moderationstream.testing.TestKafka;
import io.moderationstream.tools.embedded.EmbeddedKafka;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slice submitted with {@code slices submit} to a job that is already running (unbounded sources, a real broker)
 * is picked up from the slices topic and comes back evaluated on the slice-results topic once its window closes.
 */
class SubmittedSlicesIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @Test
    @Timeout(240)
    void aSliceSubmittedToARunningJobComesBackEvaluated(@TempDir Path dir) throws Exception {
        EmbeddedKafka kafka = TestKafka.get();
        JobConfig config = PipelineFixture.config(kafka.bootstrapServers(), JobConfig.DeliveryGuarantee.AT_LEAST_ONCE,
                "fairness.idleness=1s", "fairness.out_of_orderness=1s");
        kafka.createTopics(1, PipelineFixture.topics(config));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        JobEnvironment.configure(env, config);
        ModerationPipeline.of(config).build(env, false);
        JobClient job = env.executeAsync(config.jobName);
        try {
            // The job is up once a first event (in an earlier window) has its verdict.
            TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events,
                    List.of(TestEvents.avro(TestEvents.event("warm-up", "hello", Map.of("dialect", "sae"), -3600))));
            awaitVerdicts(kafka, config, 1);

            Path slice = Files.writeString(dir.resolve("slice.json"), "{\"slice_id\":\"aae\",\"submitted_by\":\"bounty-3\","
                    + "\"predicate\":[{\"field\":\"groups.dialect\",\"values\":[\"aae\"]}],\"metrics\":[\"FLAG_RATE\"],\"min_sample\":20}");
            var submitted = CliRuns.run("slices", "submit", "--file", slice.toString(),
                    "--set", "kafka.bootstrap_servers=" + kafka.bootstrapServers(), "--set", "topics.slices=" + config.topics.slices);
            assertThat(submitted.code()).as(submitted.err()).isZero();
            Thread.sleep(2000); // the definition reaches the broadcast state before the window's events

            List<byte[]> events = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                boolean aae = i % 2 == 0;
                boolean flagged = aae ? i % 10 < 6 : i % 10 == 1;
                events.add(TestEvents.avro(TestEvents.event("w-" + i, flagged ? "you idiot" : "thank you " + i,
                        Map.of("dialect", aae ? "aae" : "sae"), i * 10L)));
            }
            // Past the window's end: moves event time on, so the window [T0, T0 + 1 h) closes.
            events.add(TestEvents.avro(TestEvents.event("later", "hello", Map.of("dialect", "sae"), 3700)));
            TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events, events);

            List<SliceResult> results = new ArrayList<>();
            long deadline = System.nanoTime() + 40_000_000_000L;
            while (results.stream().noneMatch(r -> r.getSource() == SliceSource.SUBMITTED) && System.nanoTime() < deadline) {
                Thread.sleep(500);
                results.clear();
                for (ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(kafka.bootstrapServers(), Map.of(), config.topics.sliceResults)) {
                    SliceResult result = WireFormat.decode(r.value(), SliceResult.class);
                    if (result.getCount() > 0) {
                        results.add(result);
                    }
                }
            }
            String status = job.getJobStatus().get().toString();
            assertThat(results).as(() -> status + ", " + diagnostics(kafka, config)).isNotEmpty();
            SliceResult r = results.stream().filter(x -> x.getSource() == SliceSource.SUBMITTED).findFirst().orElseThrow();
            assertThat(r.getSliceId()).isEqualTo("aae");
            assertThat(r.getMetric()).isEqualTo(SliceMetricName.FLAG_RATE);
            assertThat(r.getCount()).isEqualTo(50);
            assertThat(r.getValue()).isEqualTo(0.6);
            assertThat(r.getComplementValue()).isEqualTo(0.2);
            assertThat(r.getStatus()).isEqualTo(SliceStatus.DISPARITY);
            assertThat(r.getBestGroup().getValue()).isEqualTo("sae");
            // The same window's discovery, unasked: the worst slice by flag rate is the same dialect.
            SliceResult found = results.stream().filter(x -> x.getSource() == SliceSource.DISCOVERED && x.getMetric() == SliceMetricName.FLAG_RATE
                    && x.getRank() == 1 && x.getCount() == 50).findFirst().orElseThrow();
            assertThat(found.getPredicate()).hasSize(1);
            assertThat(found.getPredicate().get(0).getField()).isEqualTo("groups.dialect");
            assertThat(found.getPredicate().get(0).getValues()).containsExactly("aae");
            assertThat(found.getStatus()).isEqualTo(SliceStatus.DISPARITY);
        } finally {
            job.cancel().get();
        }
    }

    /** What the job did write, for a failure message. */
    private static String diagnostics(EmbeddedKafka kafka, JobConfig config) {
        try {
            return "verdicts " + JobRuns.read(kafka, config.topics.verdicts, Verdict.getDecoder()).size()
                    + ", fairness rows " + TopicIO.readAll(kafka.bootstrapServers(), Map.of(), config.topics.fairness).size()
                    + ", slice results " + TopicIO.readAll(kafka.bootstrapServers(), Map.of(), config.topics.sliceResults).size()
                    + ", dead letters " + TopicIO.readAll(kafka.bootstrapServers(), Map.of(), config.topics.deadLetter).size();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static void awaitVerdicts(EmbeddedKafka kafka, JobConfig config, int count) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (JobRuns.read(kafka, config.topics.verdicts, Verdict.getDecoder()).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
    }
}
