package io.moderationstream.tools.run;

import io.moderationstream.avro.FairnessStats;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import io.moderationstream.io.TopicIO;
import io.moderationstream.testing.ChildKafkaBroker;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run} as an operator runs it: a child process against a real broker (a child JVM too), killed and started
 * again with the same command. Exactly one committed verdict per event, and the fairness window counts every event
 * of it, across two SIGKILLs mid-window and across SIGTERM (savepoint) and restart.
 */
class RunRestartIT {
    private static final int EVENTS = 1500;

    @Test
    @Timeout(600)
    void twoSigkillsMidWindowLoseNothingAndDuplicateNothing(@TempDir Path dir) throws Exception {
        try (ChildKafkaBroker kafka = ChildKafkaBroker.plaintext(dir.resolve("kafka"))) {
            kafka.start();
            Run run = new Run(kafka, dir);
            Process first = run.start();
            produce(kafka, run.config, 0, 600);
            run.awaitVerdicts(200, first);
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);   // SIGKILL: no savepoint, no clean shutdown

            Process second = run.start();
            run.awaitLog("restored from checkpoint", second);
            produce(kafka, run.config, 600, 1200);
            run.awaitVerdicts(800, second);
            second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

            Process third = run.start();
            run.awaitLog("restored from checkpoint", third);
            produce(kafka, run.config, 1200, EVENTS);
            closeTheWindow(kafka, run.config);
            run.awaitVerdicts(EVENTS + 1, third);
            run.assertExactlyOnceAndCompleteFairness(third);
            third.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(600)
    void sigtermStopsWithASavepointThatTheNextStartResumesFrom(@TempDir Path dir) throws Exception {
        try (ChildKafkaBroker kafka = ChildKafkaBroker.plaintext(dir.resolve("kafka"))) {
            kafka.start();
            Run run = new Run(kafka, dir);
            Process first = run.start();
            produce(kafka, run.config, 0, 800);
            run.awaitVerdicts(300, first);
            first.destroy();   // SIGTERM
            assertThat(first.waitFor(90, TimeUnit.SECONDS)).as(run.log()).isTrue();
            assertThat(run.log()).contains("stopping " + run.config.jobName + " with a savepoint").contains("savepoint file:");

            Process second = run.start();
            run.awaitLog("restored from savepoint", second);
            produce(kafka, run.config, 800, EVENTS);
            closeTheWindow(kafka, run.config);
            run.awaitVerdicts(EVENTS + 1, second);
            run.assertExactlyOnceAndCompleteFairness(second);
            // The operator sees the job: the start line, progress lines, and Flink's dashboard with this job in it.
            assertThat(run.log()).contains("moderation-stream run: job " + run.config.jobName)
                    .containsPattern("progress: [0-9,]+ events in · verdicts [0-9,]+ allow / [0-9,]+ review / [0-9,]+ block · "
                            + "[0-9,]+ dead letters · lag [0-9,–]+ · last checkpoint ");
            String overview = new String(java.net.URI.create("http://localhost:" + run.webPort + "/jobs/overview").toURL().openStream()
                    .readAllBytes(), StandardCharsets.UTF_8);
            assertThat(overview).contains(run.config.jobName).contains("RUNNING");
            assertThat(dashboardInABrowser(dir, run)).as("Flink's dashboard lists the job").contains(run.config.jobName);
            second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(300)
    void stateOfAnotherJobGraphIsOneLineThatNamesTheWayOut(@TempDir Path dir) throws Exception {
        try (ChildKafkaBroker kafka = ChildKafkaBroker.plaintext(dir.resolve("kafka"))) {
            kafka.start();
            Run run = new Run(kafka, dir);
            List<String> parquet = List.of("--set", "sinks.parquet.path=" + dir.resolve("parquet").toUri());
            run.command.addAll(parquet);
            Process first = run.start();
            produce(kafka, run.config, 0, 300);
            run.awaitVerdicts(100, first);
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

            // The same job without its Parquet sinks: the checkpoint holds their files' state, which the graph cannot take.
            run.command.subList(run.command.size() - parquet.size(), run.command.size()).clear();
            Process changed = run.start();
            assertThat(changed.waitFor(180, TimeUnit.SECONDS)).as(run.tail()).isTrue();
            assertThat(changed.exitValue()).as(run.tail()).isEqualTo(2);
            assertThat(run.log().lines().filter(l -> l.startsWith("moderation-stream run: the state in")).toList()).as(run.tail())
                    .singleElement().asString().contains("does not fit this job graph").contains("--fresh")
                    .contains("--allow-non-restored-state");

            run.command.add("--allow-non-restored-state");
            Process allowed = run.start();
            run.awaitLog("restored from checkpoint", allowed);
            allowed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Flink's web dashboard rendered by headless Chromium (Debian's; .ci/run installs it): its running-jobs page. */
    private static String dashboardInABrowser(Path dir, Run run) throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        assertThat(Files.isExecutable(chromium)).as("a headless browser at " + chromium + ": apt-get install chromium or set CHROMIUM").isTrue();
        Path dom = dir.resolve("dashboard.html");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(dir, "profile"), "--virtual-time-budget=15000", "--dump-dom",
                "http://localhost:" + run.webPort + "/#/job/running")
                .redirectOutput(dom.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return Files.readString(dom);
    }

    /** Events spread over the first half hour of one 1-hour fairness window, half "f" and half "m". */
    private static void produce(ChildKafkaBroker kafka, JobConfig config, int from, int to) {
        List<byte[]> values = new ArrayList<>();
        for (int i = from; i < to; i++) {
            values.add(TestEvents.avro(TestEvents.event("ev-" + i, i % 10 == 0 ? "what a pathetic idiot" : "a perfectly friendly answer " + i,
                    Map.of("gender", i % 2 == 0 ? "f" : "m"), i % 1800)));
        }
        TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events, values);
    }

    /** One event two hours later moves event time past the window's end (its own window stays open). */
    private static void closeTheWindow(ChildKafkaBroker kafka, JobConfig config) {
        TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events,
                List.of(TestEvents.avro(TestEvents.event("closer", "a later answer", Map.of("gender", "f"), 7200))));
    }

    /** One job: the same command line for every start. */
    static final class Run {
        final ChildKafkaBroker kafka;
        final JobConfig config;
        final List<String> command = new ArrayList<>();
        final Path logFile;
        final int webPort;

        Run(ChildKafkaBroker kafka, Path dir) throws Exception {
            this.kafka = kafka;
            this.webPort = freePort();
            List<String> overrides = new ArrayList<>(PipelineFixture.overrides(kafka.bootstrapServers(), JobConfig.DeliveryGuarantee.EXACTLY_ONCE));
            overrides.addAll(List.of("checkpointing.interval=1s", "checkpointing.storage=" + dir.resolve("state").toUri(),
                    "fairness.idleness=2s", "restart_attempts=0"));
            this.config = new io.moderationstream.config.ConfigLoader().defaults(overrides);
            // Kept under target/ for the post-mortem of a failed run.
            Files.createDirectories(Path.of("target/run-restart-it"));
            this.logFile = Path.of("target/run-restart-it", config.jobName + ".log");
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                    "-cp", System.getProperty("java.class.path"), io.moderationstream.tools.cli.Main.class.getName(),
                    "run", "--config", "jobs/local.yaml", "--create-topics", "--partitions", "2", "--progress-interval", "2s",
                    "--web-port", Integer.toString(webPort)));
            overrides.forEach(o -> command.addAll(List.of("--set", o)));
        }

        Process start() throws IOException {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().put("DJL_OFFLINE", "true");
            return builder.start();
        }

        String log() throws IOException {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        }

        void awaitLog(String text, Process p) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!log().contains(text) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertThat(log()).as(tail()).contains(text);
        }

        void awaitVerdicts(int atLeast, Process p) throws Exception {
            awaitLog("moderation-stream run: job", p);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            int seen = 0;
            while (p.isAlive() && System.nanoTime() < deadline) {
                seen = verdicts().size();
                if (seen >= atLeast) {
                    return;
                }
                Thread.sleep(1000);
            }
            assertThat(seen).as("committed verdicts; " + tail()).isGreaterThanOrEqualTo(atLeast);
        }

        List<Verdict> verdicts() throws Exception {
            List<Verdict> out = new ArrayList<>();
            for (var r : TopicIO.readAll(kafka.bootstrapServers(), Map.of(), config.topics.verdicts)) {
                out.add(Verdict.getDecoder().decode(r.value()));
            }
            return out;
        }

        void assertExactlyOnceAndCompleteFairness(Process p) throws Exception {
            Map<String, Integer> perEvent = new HashMap<>();
            verdicts().forEach(v -> perEvent.merge(v.getEventId(), 1, Integer::sum));
            assertThat(perEvent).as(tail()).hasSize(EVENTS + 1);
            assertThat(perEvent.values()).as("one committed verdict per event").containsOnly(1);
            // The window's rows (latest revision of each group) count every event of the window exactly once.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            Map<String, FairnessStats> latest = new HashMap<>();
            while (System.nanoTime() < deadline && p.isAlive()) {
                latest.clear();
                for (var r : TopicIO.readAll(kafka.bootstrapServers(), Map.of(), config.topics.fairness)) {
                    FairnessStats s = FairnessStats.getDecoder().decode(r.value());
                    if (s.getDimension().equals("gender") && s.getWindowStart().equals(TestEvents.T0)) {
                        latest.merge(s.getGroup(), s, (a, b) -> a.getRevision() >= b.getRevision() ? a : b);
                    }
                }
                if (latest.values().stream().mapToLong(FairnessStats::getCount).sum() >= EVENTS) {
                    break;
                }
                Thread.sleep(1000);
            }
            assertThat(latest.values().stream().mapToLong(FairnessStats::getCount).sum()).as(tail()).isEqualTo(EVENTS);
            assertThat(latest.get("f").getCount()).isEqualTo(EVENTS / 2);
        }

        String tail() throws IOException {
            List<String> lines = log().lines().filter(l -> !l.startsWith("\tat ")).toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }
    }

}
