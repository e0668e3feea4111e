package io.moderationstream.cli;

import io.moderationstream.config.JobConfig;
import io.moderationstream.pipeline.JobEnvironment;
import io.moderationstream.pipeline.ModerationPipeline;
import io.moderationstream.scoring.ScorerFactories;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.concurrent.Callable;

/** Runs the job against a real Kafka cluster: locally, or on a Flink cluster when submitted with {@code flink run}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the moderation job against the Kafka cluster of the config (forever).")
public class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        if (options.config == null) {
            System.err.println("run needs --config jobs/<file>.yaml");
            return 2;
        }
        JobConfig config = options.load(null, List.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(env, config);
        new ModerationPipeline(config, ScorerFactories.fromConfig(config)).build(env, false);
        env.execute(config.jobName);
        return 0;
    }
}
