package io.moderationstream.tools.cli;

import io.moderationstream.config.JobConfig;
import io.moderationstream.tools.run.LocalRun;
import io.moderationstream.tools.run.StartupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs the job against a real Kafka cluster in a local Flink, resuming from its own state after a restart; clusters
 * run the same graph from moderation-stream-job.jar.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the moderation job against the Kafka cluster of the config (until stopped). Started again with the "
                + "same config it resumes from its latest checkpoint or savepoint; SIGTERM stops it with a savepoint.")
public class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--from-savepoint", paramLabel = "PATH", description = "Restore from this savepoint or retained checkpoint instead of the latest one.")
    String fromSavepoint;

    @Option(names = "--fresh", description = "Start without earlier state (this job's checkpoints and savepoints are moved aside, not deleted).")
    boolean fresh;

    @Option(names = "--allow-non-restored-state", description = "Restore even if the state holds operators this job graph no longer has (their state is dropped).")
    boolean allowNonRestoredState;

    @Option(names = "--create-topics", description = "Create missing topics (compacted for slices and fairness) instead of refusing to start.")
    boolean createTopics;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of topics created by --create-topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--progress-interval", defaultValue = "30s", paramLabel = "DURATION",
            description = "How often the progress line is printed, as in the config files (30s, 1min) or ISO-8601 (default: ${DEFAULT-VALUE}).")
    String progressInterval;

    @Option(names = "--quiet", description = "No progress lines.")
    boolean quiet;

    @Option(names = "--web-port", defaultValue = "8081", description = "Port of Flink's web dashboard (default: ${DEFAULT-VALUE}).")
    int webPort;

    @Option(names = "--stop-timeout", defaultValue = "60s", paramLabel = "DURATION",
            description = "How long SIGTERM waits for the savepoint before giving up (default: ${DEFAULT-VALUE}).")
    String stopTimeout;

    @Override
    public Integer call() throws Exception {
        if (options.config == null) {
            System.err.println("run needs --config jobs/<file>.yaml");
            return 2;
        }
        if (fresh && fromSavepoint != null) {
            System.err.println("run: --fresh and --from-savepoint exclude each other; pick one");
            return 2;
        }
        JobConfig config = options.load(null, List.of());
        LocalRun.Options run = new LocalRun.Options(fromSavepoint, fresh, allowNonRestoredState, createTopics, partitions,
                duration("--progress-interval", progressInterval), quiet, webPort, duration("--stop-timeout", stopTimeout));
        try {
            return new LocalRun(config, run, System.err).run();
        } catch (StartupException e) {
            System.err.println("moderation-stream run: " + e.getMessage());
            return 2;
        }
    }

    private static Duration duration(String option, String value) {
        try {
            String t = value.strip();
            return t.startsWith("P") || t.startsWith("p") ? Duration.parse(t.toUpperCase(java.util.Locale.ROOT))
                    : org.apache.flink.util.TimeUtils.parseDuration(t);
        } catch (RuntimeException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new RunCommand()),
                    option + " " + value + " is not a duration: write 30s, 1min or PT30S");
        }
    }
}
