package io.moderationstream.pipeline;

import io.moderationstream.config.ConfigException;
import io.moderationstream.config.ConfigLoader;
import io.moderationstream.config.JobConfig;
import io.moderationstream.scoring.ScorerRegistry;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster entry point of {@code moderation-stream-job.jar}: {@code --config FILE [--set KEY=VALUE ...]}, the same
 * configuration the CLI's {@code run} takes. It builds the one job graph ({@link ModerationPipeline}) on whatever
 * environment Flink provides (application mode, a session cluster, or a local one when started with {@code java}).
 */
public final class ModerationJob {
    static final String USAGE = "usage: --config jobs/<file>.yaml [--set KEY=VALUE ...]";

    private ModerationJob() {}

    public static void main(String[] args) throws Exception {
        JobConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) { // ConfigException too: it names the key
            // One line that says what to fix, not a stack trace.
            System.err.println("moderation-stream: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            run(config);
        } catch (ConfigException e) { // e.g. the schema registry refused an output schema
            System.err.println("moderation-stream: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Builds and runs the job until it is cancelled (or its sources end). */
    public static void run(JobConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(localSlots(config));
        JobEnvironment.configure(env, config);
        ModerationPipeline pipeline = ModerationPipeline.of(config);
        pipeline.registerSchemas();
        pipeline.build(env, false);
        env.execute(config.jobName);
    }

    /**
     * Started with plain {@code java} (no cluster), Flink runs a local cluster with one slot per core; scorers in
     * their own slot-sharing groups need slots on top of that, or the job waits for resources forever. A cluster
     * ignores this: its task managers' slots are its own configuration.
     */
    public static Configuration localSlots(JobConfig config) {
        int scorerSlots = 0;
        ScorerRegistry registry = ScorerRegistry.get();
        for (var plugin : registry.enabled(config)) {
            JobConfig.ScorerSettings s = registry.settings(config, plugin.id());
            scorerSlots += !"default".equals(s.slotSharingGroup) ? s.parallelism : 0;
        }
        Configuration local = new Configuration();
        local.set(TaskManagerOptions.NUM_TASK_SLOTS, Runtime.getRuntime().availableProcessors() + scorerSlots);
        return local;
    }

    static JobConfig parse(String[] args) throws IOException {
        Path file = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (!option.equals("--config") && !option.equals("--set")) {
                throw new IllegalArgumentException("unknown argument " + option + "; " + USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value; " + USAGE);
            }
            String value = args[++i];
            if (option.equals("--config")) {
                file = Path.of(value);
            } else {
                overrides.add(value);
            }
        }
        if (file == null) {
            throw new IllegalArgumentException("no --config given; " + USAGE);
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("--config " + file + " is not a readable file");
        }
        return new ConfigLoader().load(file, overrides);
    }
}
