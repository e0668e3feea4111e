package io.moderationstream.pipeline;

import io.moderationstream.config.JobConfig;
import io.moderationstream.tools.embedded.EmbeddedKafka;
import io.moderationstream.io.TopicIO;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import io.moderationstream.testing.TestKafka;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A model that cannot load fails the job at start with the reason, even with restarts configured. */
class ModelLoadFailureIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @Test
    @Timeout(120)
    void failsFastWithAClearMessage() throws Exception {
        EmbeddedKafka kafka = TestKafka.get();
        JobConfig config = PipelineFixture.config(kafka.bootstrapServers(), JobConfig.DeliveryGuarantee.AT_LEAST_ONCE,
                "restart_attempts=50", "restart_delay=1s",
                "scorers.toxicity.options.engine=onnx", "scorers.toxicity.options.head=/nonexistent/head.json");
        kafka.createTopics(1, PipelineFixture.topics(config));
        TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events,
                List.of(TestEvents.avro(TestEvents.event("x", "hello", Map.of(), 1))));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(env, config);
        ModerationPipeline.of(config).build(env, true);

        long start = System.currentTimeMillis();
        Throwable failure = catchThrowable(() -> env.execute(config.jobName));
        long seconds = (System.currentTimeMillis() - start) / 1000;

        assertThat(failure).isNotNull();
        assertThat(ExceptionUtils.stringifyException(failure))
                .contains("could not create the scorer of score-toxicity")
                .contains("/nonexistent/head.json");
        assertThat(seconds).as("no 50 restarts of one second each").isLessThan(40);
    }
}
