package io.moderationstream.pipeline;

import io.moderationstream.config.ConfigLoader;
import io.moderationstream.config.JobConfig;
import io.moderationstream.scoring.citations.CitationScorerConfig;
import io.moderationstream.testing.PipelineFixture;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Watermark keys and Kafka credentials reach the operators only inside their serialized closures: never in the job
 * parameters, configuration or execution plan that the Flink Web UI and REST API show.
 */
class SecretsTest {
    private static final String KEY = "987654321987";
    private static final String PASSWORD = "s3cr3t-pa55word";

    @Test
    void secretsFromTheEnvironmentStayOutOfWhatFlinkDisplays() throws Exception {
        ConfigLoader loader = new ConfigLoader(Map.of("WATERMARK_HASHING_KEY", KEY, "KAFKA_SASL_PASSWORD", PASSWORD));
        JobConfig config = loader.load(Path.of("jobs/k8s.yaml"), List.of(
                "scorers.citations.options.index_dir=" + PipelineFixture.sampleCitationIndex(),
                "scorers.citations.options.remote.enabled=false"));
        assertThat(config.kafka.properties.get("sasl.jaas.config")).contains(PASSWORD);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(env, config);
        ModerationPipeline.of(config).build(env, false);

        String shown = env.getConfiguration().toString()
                + env.getConfig().getGlobalJobParameters().toMap()
                + env.getConfig().toString()
                + env.getExecutionPlan()
                + env.getStreamGraph(false).getJobGraph().getJobConfiguration().toMap();
        assertThat(shown).doesNotContain(KEY).doesNotContain(PASSWORD);
        assertThat(io.moderationstream.scoring.ScorerRegistry.get().options(config, io.moderationstream.scoring.watermark.WatermarkScorerConfig.class).keys.toString()).doesNotContain(KEY);
        assertThat(io.moderationstream.scoring.ScorerRegistry.get().options(config, CitationScorerConfig.class)).isNotNull();
    }
}
