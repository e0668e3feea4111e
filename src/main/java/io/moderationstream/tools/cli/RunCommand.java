package io.moderationstream.tools.cli;

import io.moderationstream.config.JobConfig;
import io.moderationstream.pipeline.ModerationJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.concurrent.Callable;

/** Runs the job against a real Kafka cluster, in a local Flink; clusters run the same graph from moderation-stream-job.jar. */
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
        ModerationJob.run(config);
        return 0;
    }
}
