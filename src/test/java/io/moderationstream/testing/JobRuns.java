package io.moderationstream.testing;

import io.moderationstream.config.JobConfig;
import io.moderationstream.tools.embedded.EmbeddedKafka;
import io.moderationstream.io.TopicIO;
import io.moderationstream.pipeline.JobEnvironment;
import io.moderationstream.pipeline.ModerationPipeline;
import io.moderationstream.scoring.ScorerFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the job on the test's mini cluster up to the end of its input, and reads committed output back. */
public final class JobRuns {
    private JobRuns() {}

    public static JobExecutionResult runToEnd(JobConfig config, int parallelism) throws Exception {
        return runToEnd(config, io.moderationstream.scoring.ScorerRegistry.get().factories(config), parallelism);
    }

    public static JobExecutionResult runToEnd(JobConfig config, Map<String, ScorerFactory> scorers, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        JobEnvironment.configure(env, config);
        ModerationPipeline pipeline = new ModerationPipeline(config, scorers);
        pipeline.registerSchemas(); // as ModerationJob does before it submits
        pipeline.build(env, true);
        return env.execute(config.jobName);
    }

    /** How often Flink restarted the job so far (its numRestarts gauge, read through an in-memory reporter). */
    public static long restarts(org.apache.flink.runtime.testutils.InMemoryReporter reporter, org.apache.flink.api.common.JobID job) {
        Object value = ((org.apache.flink.metrics.Gauge<?>) reporter.findMetrics(job, "numRestarts").values().iterator().next()).getValue();
        return ((Number) value).longValue();
    }

    /** Every record of the topic committed so far (read_committed), decoded. */
    public static <T> List<T> read(EmbeddedKafka kafka, String topic, BinaryMessageDecoder<T> decoder) throws Exception {
        List<T> out = new ArrayList<>();
        for (var r : TopicIO.readAll(kafka.bootstrapServers(), Map.of(), topic)) {
            out.add(decoder.decode(r.value()));
        }
        return out;
    }
}
