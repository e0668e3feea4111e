package io.moderationstream.testing;

import io.moderationstream.scoring.citations.index.CitationIndexBuilder;
import io.moderationstream.config.ConfigLoader;
import io.moderationstream.config.JobConfig;
import io.moderationstream.scoring.citations.LocalCitationIndex;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A job config wired to the test broker, with unique topics per test and a small citation index. */
public final class PipelineFixture {
    private static Path sampleIndex;
    private static Path sampleProtected;

    private PipelineFixture() {}

    /** A protected-material index of the bundled public-domain sample (the Declaration of Independence's opening). */
    public static synchronized Path sampleProtectedIndex() throws Exception {
        if (sampleProtected == null) {
            Path dir = Files.createTempDirectory("protected-sample");
            Path text = dir.resolve("declaration-of-independence.txt");
            try (InputStream in = PipelineFixture.class.getResourceAsStream(io.moderationstream.tools.embedded.ProtectedIndexes.SAMPLE)) {
                Files.copy(in, text, StandardCopyOption.REPLACE_EXISTING);
            }
            io.moderationstream.scoring.protected_material.index.ProtectedIndexBuilder.build(List.of(text), dir.resolve("index"),
                    io.moderationstream.scoring.protected_material.ProtectedIndex.Params.DEFAULT);
            sampleProtected = dir.resolve("index");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    io.moderationstream.util.Directories.deleteRecursively(dir);
                } catch (Exception ignored) {
                    // best effort: a temp directory
                }
            }));
        }
        return sampleProtected;
    }

    public static synchronized Path sampleCitationIndex() throws Exception {
        if (sampleIndex == null) {
            Path papers = Files.createTempFile("papers", ".jsonl");
            try (InputStream in = PipelineFixture.class.getResourceAsStream("/demo/papers.jsonl")) {
                Files.copy(in, papers, StandardCopyOption.REPLACE_EXISTING);
            }
            sampleIndex = Files.createTempDirectory("citation-index");
            CitationIndexBuilder.build(List.of(papers), sampleIndex);
            Files.delete(papers);
            Path built = sampleIndex;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    io.moderationstream.util.Directories.deleteRecursively(built);
                } catch (Exception ignored) {
                    // best effort: a temp directory
                }
            }));
        }
        return sampleIndex;
    }

    public static JobConfig config(String bootstrap, JobConfig.DeliveryGuarantee delivery, String... overrides) throws Exception {
        List<String> all = overrides(bootstrap, delivery);
        all.addAll(List.of(overrides));
        return new ConfigLoader().defaults(all);
    }

    /** Unique job name, group, transactional ids and topics; fast checkpoints; the lexicon and sample citation index. */
    public static List<String> overrides(String bootstrap, JobConfig.DeliveryGuarantee delivery) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> all = new ArrayList<>(List.of(
                "job_name=test-" + run,
                "kafka.bootstrap_servers=" + bootstrap,
                "kafka.group_id=test-" + run,
                "kafka.transactional_id_prefix=test-" + run,
                "kafka.transaction_timeout=1min",
                "delivery=" + delivery.name(),
                "checkpointing.interval=500ms",
                "checkpointing.min_pause=100ms",
                "restart_attempts=3",
                "restart_delay=200ms",
                "merge.timeout=30s",
                "scorers.toxicity.batch_size=8",
                "scorers.toxicity.options.engine=lexicon",
                "scorers.citations.options.index_dir=" + sampleCitationIndex(),
                "scorers.protected_material.options.index_dir=" + sampleProtectedIndex(),
                "fairness.window_size=1h",
                "fairness.min_sample=5",
                "fairness.out_of_orderness=1s"));
        for (String topic : List.of("events", "labels", "verdicts", "review", "fairness", "alerts", "dead_letter", "slices", "slice_results")) {
            all.add("topics." + topic + "=" + topic + "-" + run);
        }
        return all;
    }

    public static String[] topics(JobConfig c) {
        return c.topics.byKey().values().toArray(String[]::new);
    }
}
