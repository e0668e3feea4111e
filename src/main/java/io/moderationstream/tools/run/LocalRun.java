package io.moderationstream.tools.run;

import io.moderationstream.config.JobConfig;
import io.moderationstream.pipeline.JobEnvironment;
import io.moderationstream.pipeline.ModerationJob;
import io.moderationstream.pipeline.ModerationPipeline;
import io.moderationstream.scoring.ScorerRegistry;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.PrintStream;
import java.time.Duration;

import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The local {@code run}: the job in an embedded Flink that keeps the promise a cluster keeps. Started again with the
 * same config it resumes from its latest completed checkpoint or savepoint (offsets, transactions, windows, dedup,
 * labels, slices); SIGTERM stops it with a savepoint; it says where it started from, prints progress, and serves Flink's
 * web dashboard.
 */
public final class LocalRun {
    /** What {@code run}'s options ask for. */
    public record Options(String fromSavepoint, boolean fresh, boolean allowNonRestoredState, boolean createTopics,
                          int partitions, Duration progressInterval, boolean quiet, int webPort, Duration stopTimeout) {}

    private final JobConfig config;
    private final Options options;
    private final PrintStream log;

    public LocalRun(JobConfig config, Options options, PrintStream log) {
        this.config = config;
        this.options = options;
        this.log = log;
    }

    /** Runs until the job ends or the process is told to stop; returns the exit code. */
    public int run() throws Exception {
        java.util.List<String> created = StartupChecks.run(config, options.createTopics(), options.partitions());
        if (!created.isEmpty()) {
            log.println("created topic(s) " + String.join(", ", created));
        }
        CheckpointStorage.RestorePoint restore = restorePoint();

        Configuration conf = ModerationJob.localSlots(config);
        conf.addAll(JobEnvironment.flinkConfiguration(config));
        conf.set(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID, CheckpointStorage.jobId(config).toHexString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, CheckpointStorage.savepointDirectory(config));
        if (restore != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restore.path());
            conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, options.allowNonRestoredState());
        }
        conf.set(RestOptions.BIND_PORT, Integer.toString(options.webPort()));
        conf.setString("metrics.reporter.run-progress.factory.class", ProgressMetrics.Factory.class.getName());
        conf.setString("metrics.reporter.run-progress.interval", "1 s");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        ModerationPipeline pipeline = ModerationPipeline.of(config);
        pipeline.registerSchemas();
        pipeline.build(env, false);
        JobClient job;
        try {
            job = env.executeAsync(config.jobName);
        } catch (Exception e) {
            throw restoreFailure(e, restore);
        }
        log.println(startLine(restore));
        AtomicBoolean stopping = new AtomicBoolean();
        Thread stopper = new Thread(() -> stopWithSavepoint(job, stopping), "run-stop-with-savepoint");
        Runtime.getRuntime().addShutdownHook(stopper);
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "run-progress");
            t.setDaemon(true);
            return t;
        });
        CheckpointClock clock = new CheckpointClock();
        progress.scheduleAtFixedRate(clock::poll, 1, 1, TimeUnit.SECONDS);
        if (!options.quiet()) {
            long every = options.progressInterval().toMillis();
            progress.scheduleAtFixedRate(() -> log.println(progressLine(clock)), every, every, TimeUnit.MILLISECONDS);
        }
        try {
            job.getJobExecutionResult().get();
            return 0;
        } catch (java.util.concurrent.ExecutionException e) {
            if (stopping.get()) {
                return 0;
            }
            throw restoreFailure(e, restore);
        } finally {
            progress.shutdownNow();
            if (!stopping.get()) {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // the hook is running: it owns the stop
                }
            }
        }
    }

    private CheckpointStorage.RestorePoint restorePoint() throws Exception {
        if (options.fromSavepoint() != null) {
            return new CheckpointStorage.RestorePoint(options.fromSavepoint(), CheckpointStorage.RestorePoint.Kind.GIVEN, 0);
        }
        if (options.fresh()) {
            CheckpointStorage.archive(config).ifPresent(dir -> log.println("--fresh: earlier checkpoints and savepoints of "
                    + config.jobName + " moved to " + dir));
            return null;
        }
        return CheckpointStorage.latest(config).orElse(null);
    }

    /** SIGTERM (or Ctrl-C): stop with a savepoint, bounded by the stop timeout, so a planned restart loses nothing. */
    private void stopWithSavepoint(JobClient job, AtomicBoolean stopping) {
        stopping.set(true);
        log.println("stopping " + config.jobName + " with a savepoint (at most " + options.stopTimeout().toSeconds() + " s) ...");
        try {
            String path = job.stopWithSavepoint(false, CheckpointStorage.savepointDirectory(config), SavepointFormatType.CANONICAL)
                    .get(options.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
            log.println("savepoint " + path + "; the same command resumes from it");
        } catch (Exception e) {
            log.println("no savepoint (" + StartupChecks.rootMessage(e) + "); the next start resumes from the latest checkpoint");
        }
    }

    private Exception restoreFailure(Exception e, CheckpointStorage.RestorePoint restore) {
        String cause = StartupChecks.rootMessage(e);
        // Flink's own words for state that the job graph cannot take; any other failure keeps its own message.
        if (restore != null && (cause.contains("Cannot map checkpoint/savepoint state") || cause.contains("Failed to rollback"))) {
            return new StartupException("the state in " + restore.path() + " does not fit this job graph (" + cause
                    + "): start with --fresh to begin without it, --from-savepoint PATH for another one, or "
                    + "--allow-non-restored-state to drop the state of removed operators");
        }
        return e;
    }

    String startLine(CheckpointStorage.RestorePoint restore) {
        StringJoiner scorers = new StringJoiner(", ");
        ScorerRegistry registry = ScorerRegistry.get();
        registry.enabled(config).forEach(p -> scorers.add(p.id() + "×" + registry.settings(config, p.id()).parallelism));
        String restored = restore == null ? "fresh start (no earlier state)"
                : switch (restore.kind()) {
                    case CHECKPOINT -> "restored from checkpoint " + restore.path();
                    case SAVEPOINT -> "restored from savepoint " + restore.path();
                    case GIVEN -> "restored from " + restore.path() + " (--from-savepoint)";
                };
        return "moderation-stream run: job " + config.jobName + " (" + CheckpointStorage.jobId(config) + ")"
                + " · brokers " + config.kafka.bootstrapServers
                + " · reads " + config.topics.events + ", " + config.topics.labels + ", " + config.topics.slices
                + " · writes " + String.join(", ", config.topics.outputs())
                + " · scorers " + scorers
                + " · policy " + config.policy.version
                + " · checkpoints every " + config.checkpointing.interval.toSeconds() + " s to " + CheckpointStorage.root(config)
                + " · " + restored
                + " · dashboard http://localhost:" + options.webPort() + "/";
    }

    String progressLine(CheckpointClock clock) {
        ProgressMetrics m = ProgressMetrics.current;
        if (m == null) {
            return "progress: starting";
        }
        long lag = m.lag();
        long age = clock.secondsSinceLast();
        return String.format(java.util.Locale.ROOT,
                "progress: %,d events in · verdicts %,d allow / %,d review / %,d block · %,d dead letters · lag %s · last checkpoint %s",
                m.eventsIn(), m.verdicts("ALLOW"), m.verdicts("REVIEW"), m.verdicts("BLOCK"), m.deadLetters(),
                lag < 0 ? "–" : String.format(java.util.Locale.ROOT, "%,d", lag), age < 0 ? "none yet" : age + " s ago");
    }

    /** When the completed-checkpoint count last moved: the age of the last checkpoint, to a second. */
    static final class CheckpointClock {
        private long count = -1;
        private long changedAt = -1;

        synchronized void poll() {
            ProgressMetrics m = ProgressMetrics.current;
            long now = m == null ? 0 : m.completedCheckpoints();
            if (now > 0 && now != count) {
                count = now;
                changedAt = System.currentTimeMillis();
            }
        }

        synchronized long secondsSinceLast() {
            return changedAt < 0 ? -1 : (System.currentTimeMillis() - changedAt) / 1000;
        }
    }

}
