package io.moderationstream.pipeline;

import io.moderationstream.avro.DeadLetter;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import io.moderationstream.io.TopicIO;
import io.moderationstream.testing.JobRuns;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import io.moderationstream.testing.TestKafka;
import io.moderationstream.tools.embedded.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster artifact on its own: {@code target/moderation-stream-job.jar} runs the whole pipeline in a child JVM
 * whose class path holds nothing else but what the Flink image provides in {@code lib/} (flink-dist's contents,
 * logging, and the DJL / ONNX Runtime jars that deploy/Dockerfile adds). A library the job needs but the jar lacks
 * fails this test, as it would fail on the cluster.
 */
class JobJarIT {
    private static final Path JOB_JAR = Path.of("target/moderation-stream-job.jar");
    /** Group ids of what flink:2.2.1's lib/ (flink-dist and its bundled dependencies) and our Dockerfile provide. */
    private static final List<String> IMAGE_LIB_GROUPS = List.of("org.apache.flink", "com.esotericsoftware", "org.objenesis",
            "org.javassist", "org.xerial.snappy", "at.yawk.lz4", "commons-cli", "tools.profiler", "com.google.code.findbugs",
            "org.apache.logging.log4j", "org.slf4j", "ai.djl", "com.microsoft.onnxruntime", "com.google.code.gson", "net.java.dev.jna");

    @Test
    void holdsTheJobButNoFlinkRuntimeBrokerScalaOrTools() throws IOException {
        try (JarFile jar = new JarFile(JOB_JAR.toFile())) {
            Set<String> entries = new HashSet<>();
            jar.stream().forEach(e -> entries.add(e.getName()));
            assertThat(entries).contains("io/moderationstream/pipeline/ModerationJob.class",
                    "org/apache/flink/connector/kafka/source/KafkaSource.class", "org/apache/kafka/clients/producer/KafkaProducer.class");
            assertThat(entries).noneMatch(e -> e.startsWith("org/apache/flink/runtime/") || e.startsWith("org/apache/flink/api/common/")
                    || e.startsWith("scala/") || (e.startsWith("kafka/") && e.endsWith(".class")) || e.startsWith("org/apache/kafka/server/log/")
                    || e.startsWith("io/moderationstream/tools/") || e.startsWith("picocli/") || e.startsWith("org/junit/")
                    || e.startsWith("org/apache/logging/log4j/core/") || e.startsWith("ai/djl/"));
            // Offline tooling stays out: trainers (and Tribuo), training-data export, evaluations, index builders, the report.
            assertThat(entries).noneMatch(e -> e.startsWith("org/tribuo/") || e.startsWith("com/oracle/labs/")
                    || e.matches("io/moderationstream/scoring/[^/]+/(offline|index)/.*") || e.startsWith("io/moderationstream/fairness/report/"));
            assertThat(entries).as("the scorers are found through their services line")
                    .contains("META-INF/services/io.moderationstream.scoring.ScorerPlugin", "META-INF/services/io.moderationstream.config.ConfigSection");
            // The language detector carries the trigram models of the languages it tells apart, and no others.
            assertThat(entries).contains("fairness/identity-terms.tsv", "language-models/en/trigrams.json", "language-models/de/trigrams.json");
            assertThat(entries).noneMatch(e -> e.startsWith("language-models/af/") || e.endsWith("fivegrams.json"));
            Manifest manifest = jar.getManifest();
            assertThat(manifest.getMainAttributes().getValue("Main-Class")).isEqualTo(ModerationJob.class.getName());
        }
        assertThat(Files.size(JOB_JAR)).isLessThan(Files.size(Path.of("target/moderation-stream.jar")) / 2);
    }

    @Test
    @Timeout(300)
    void runsThePipelineWithOnlyTheImagesLibBesideIt() throws Exception {
        EmbeddedKafka kafka = TestKafka.get();
        List<String> settings = new ArrayList<>(PipelineFixture.overrides(kafka.bootstrapServers(), JobConfig.DeliveryGuarantee.EXACTLY_ONCE));
        // The default (fine-tuned, DJL) toxicity engine: DJL comes from lib/, not from the jar.
        settings.remove("scorers.toxicity.options.engine=lexicon");
        JobConfig config = new io.moderationstream.config.ConfigLoader().load(Path.of("jobs/local.yaml"), settings);
        kafka.createTopics(2, PipelineFixture.topics(config));
        List<byte[]> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(TestEvents.avro(TestEvents.event("jar-" + i, i % 4 == 0 ? "you are a worthless idiot" : "thanks, that helped " + i,
                    Map.of("gender", i % 2 == 0 ? "female" : "male"), i)));
        }
        events.add("not an event".getBytes(StandardCharsets.UTF_8));
        TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events, events);

        // The Parquet sink too: Parquet and the parts of Hadoop it needs are in the jar, not in the image.
        Path parquet = Files.createTempDirectory("job-jar-parquet");
        settings.add("sinks.parquet.path=" + parquet.toUri());
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Dai.djl.offline=true", "-cp", classPath(),
                ModerationJob.class.getName(), "--config", "jobs/local.yaml"));
        settings.forEach(s -> command.addAll(List.of("--set", s)));
        Path log = Files.createTempFile("job-jar", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("DJL_OFFLINE", "true");
        Process job = builder.start();
        try {
            List<Verdict> verdicts = List.of();
            long deadline = System.nanoTime() + 240_000_000_000L;
            while (verdicts.size() < 20 && job.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                verdicts = JobRuns.read(kafka, config.topics.verdicts, Verdict.getDecoder());
            }
            String output = tail(log);
            assertThat(verdicts).as(output).hasSize(20);
            assertThat(verdicts).as(output).anySatisfy(v -> assertThat(v.getReasons().toString()).contains("TOXICITY_"));
            assertThat(verdicts).allSatisfy(v -> assertThat(v.getToxicity().getStatus().name()).isEqualTo("OK"));
            assertThat(JobRuns.read(kafka, config.topics.deadLetter, DeadLetter.getDecoder())).as(output).hasSize(1);
            // Committed files (in-progress ones start with a dot) appear once a checkpoint completes.
            List<Path> files = List.of();
            long filesDeadline = System.nanoTime() + 60_000_000_000L;
            while (files.isEmpty() && job.isAlive() && System.nanoTime() < filesDeadline) {
                Thread.sleep(500);
                try (var walk = Files.walk(parquet.resolve("verdicts"))) {
                    files = walk.filter(f -> f.getFileName().toString().endsWith(".parquet") && !f.getFileName().toString().startsWith("."))
                            .toList();
                } catch (java.nio.file.NoSuchFileException notYet) {
                    files = List.of();
                }
            }
            assertThat(files).as(tail(log)).isNotEmpty();
        } finally {
            job.destroyForcibly().waitFor();
            Files.deleteIfExists(log);
            io.moderationstream.util.Directories.deleteRecursively(parquet);
        }
    }

    @Test
    void aMistakeInItsArgumentsIsOneLine() throws Exception {
        Process p = new ProcessBuilder(javaBinary(), "-cp", classPath(), ModerationJob.class.getName(), "--config", "jobs/nope.yaml")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(out.lines().filter(l -> !l.startsWith("ERROR StatusLogger")).toList())
                .containsExactly("moderation-stream: --config jobs/nope.yaml is not a readable file");
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The job jar, then every test class path jar from the image's lib/ groups that the job jar does not bundle. */
    static String classPath() throws IOException {
        Set<String> bundled = bundledArtifacts();
        List<String> entries = new ArrayList<>();
        entries.add(JOB_JAR.toAbsolutePath().toString());
        Path repository = Path.of(System.getProperty("user.home"), ".m2", "repository");
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath();
            if (!path.startsWith(repository) || !entry.endsWith(".jar")) {
                continue;
            }
            Path relative = repository.relativize(path);
            int n = relative.getNameCount();
            String artifactId = relative.getName(n - 3).toString();
            String groupId = relative.subpath(0, n - 3).toString().replace(File.separatorChar, '.');
            boolean imageLib = IMAGE_LIB_GROUPS.stream().anyMatch(g -> groupId.equals(g) || groupId.startsWith(g + "."));
            boolean testKit = artifactId.contains("test") || path.getFileName().toString().endsWith("-tests.jar");
            if (imageLib && !testKit && !bundled.contains(groupId + ":" + artifactId)) {
                entries.add(path.toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** groupId:artifactId of every library shaded into the job jar (from the pom.properties it keeps). */
    private static Set<String> bundledArtifacts() throws IOException {
        Set<String> bundled = new HashSet<>();
        try (JarFile jar = new JarFile(JOB_JAR.toFile())) {
            for (var e : Collections.list(jar.entries())) {
                if (e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties")) {
                    Properties p = new Properties();
                    try (var in = jar.getInputStream(e)) {
                        p.load(in);
                    }
                    bundled.add(p.getProperty("groupId") + ":" + p.getProperty("artifactId"));
                }
            }
        }
        return bundled;
    }

    /** The child's first errors and its last lines: what a failed assertion needs to say. */
    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        List<String> errors = lines.stream().filter(l -> l.contains("Exception") || l.contains("Caused by") || l.contains("Error"))
                .limit(30).toList();
        return String.join("\n", errors) + "\n...\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
