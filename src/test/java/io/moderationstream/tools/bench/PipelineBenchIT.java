package io.moderationstream.tools.bench;

import io.moderationstream.config.JobConfig;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.tools.embedded.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole-pipeline bench sets up every topic the job reads (the submitted-slices topic included: a missing one fails
 * the Kafka source on start) and drains its backlog to verdicts. Small and on the lexicon engine: this checks that
 * {@code bench} runs, not how fast.
 */
class PipelineBenchIT {
    @Test
    @Timeout(300)
    void benchDrainsItsBacklogThroughTheWholeJob() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            PipelineBench bench = new PipelineBench(kafka, true);
            JobConfig config = bench.config(JobConfig.DeliveryGuarantee.AT_LEAST_ONCE, 1,
                    "scorers.toxicity.options.engine=lexicon",
                    "scorers.citations.options.index_dir=" + PipelineFixture.sampleCitationIndex());
            double eventsPerSecond = bench.throughput(config, PipelineBench.events(50), 1);
            assertThat(eventsPerSecond).isPositive().isFinite();
        }
    }
}
