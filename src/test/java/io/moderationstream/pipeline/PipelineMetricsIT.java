package io.moderationstream.pipeline;

import io.moderationstream.config.JobConfig;
import io.moderationstream.tools.embedded.EmbeddedKafka;
import io.moderationstream.io.TopicIO;
import io.moderationstream.testing.JobRuns;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import io.moderationstream.testing.TestKafka;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The operational metrics (what the Prometheus reporter exports on a cluster), read through the metric registry. */
class PipelineMetricsIT {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @Test
    @Timeout(240)
    void scorerMergeAndDeadLetterMetricsAreReported() throws Exception {
        EmbeddedKafka kafka = TestKafka.get();
        JobConfig config = PipelineFixture.config(kafka.bootstrapServers(), JobConfig.DeliveryGuarantee.AT_LEAST_ONCE,
                "scorers.toxicity.batch_size=4");
        kafka.createTopics(1, PipelineFixture.topics(config));
        List<byte[]> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(TestEvents.avro(TestEvents.event("m" + i, "hello number " + i + " you idiot", Map.of(), i)));
        }
        events.addAll(TestEvents.malformed());
        TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events, events);

        JobID job = JobRuns.runToEnd(config, 1).getJobID();

        int branches = io.moderationstream.scoring.ScorerRegistry.get().enabled(config).size();
        assertThat(branches).as("toxicity, citations, watermark, pii, protected_material").isEqualTo(5);
        assertThat(sumCounters(REPORTER.findMetrics(job, "eventsScored"), "eventsScored")).isEqualTo(30L * branches);
        assertThat(sumCounters(REPORTER.findMetrics(job, "deadLettered"), "deadLettered")).isEqualTo(TestEvents.malformed().size());
        // One counter per error code, under the error_code variable (a Prometheus label).
        assertThat(REPORTER.findMetrics(job, "deadLettered").keySet())
                .anySatisfy(id -> assertThat(id).contains("error_code.NOT_DECODABLE.deadLettered"))
                .anySatisfy(id -> assertThat(id).contains("error_code.MISSING_FIELD.deadLettered"));
        assertThat(sumCounters(REPORTER.findMetrics(job, "verdictsDegraded"), "verdictsDegraded")).isZero();
        assertThat(REPORTER.findMetrics(job, "batchSize")).isNotEmpty();
        Histogram latency = (Histogram) REPORTER.findMetrics(job, "endToEndLatencySeconds").values().iterator().next();
        assertThat(latency.getCount()).isEqualTo(30);
        assertThat(REPORTER.findMetrics(job, "batchLatencySeconds")).hasSize(branches);
        assertThat(REPORTER.findMetrics(job, "eventsScoredPerSecond")).hasSize(branches);
        // The privacy branch counts per type; the type is the only label, never a value.
        assertThat(REPORTER.findMetrics(job, "entitiesFound").keySet())
                .anySatisfy(id -> assertThat(id).contains("score-pii").contains("pii_type.CREDIT_CARD.entitiesFound"));
        Gauge<?> hitRate = (Gauge<?>) REPORTER.findMetrics(job, "greenListCacheHitRate").values().iterator().next();
        assertThat((Double) hitRate.getValue()).isBetween(0.0, 1.0);
        assertThat(REPORTER.findMetrics(job, "eventTimeLagSeconds")).isNotEmpty();
    }

    /** Sums the counters whose identifier ends with exactly this name (findMetrics matches substrings). */
    private static long sumCounters(Map<String, Metric> metrics, String name) {
        return metrics.entrySet().stream().filter(e -> e.getKey().endsWith("." + name))
                .mapToLong(e -> ((Counter) e.getValue()).getCount()).sum();
    }
}
