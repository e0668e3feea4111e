package io.moderationstream.tools.embedded;

import io.moderationstream.scoring.citations.index.CitationIndexBuilder;
import io.moderationstream.config.JobConfig;
import io.moderationstream.scoring.ScorerRegistry;
import io.moderationstream.scoring.citations.CitationsPlugin;
import io.moderationstream.scoring.citations.CitationScorerConfig;
import io.moderationstream.scoring.citations.LocalCitationIndex;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes sure the citation index the config points to exists before an embedded run: built from the shared
 * citation databases when present, else from the small paper list shipped in the jar.
 */
public final class CitationIndexes {
    private CitationIndexes() {}

    public static void ensure(JobConfig config) throws IOException {
        if (ScorerRegistry.get().enabled(config).stream().noneMatch(p -> p.id().equals(CitationsPlugin.ID))) {
            return;
        }
        ensureAt(Path.of(ScorerRegistry.get().options(config, CitationScorerConfig.class).indexDir));
    }

    /** Builds the default index at {@code dir} when it is missing or was built by an older version. */
    public static void ensureAt(Path dir) throws IOException {
        if (Files.isDirectory(dir) && !io.moderationstream.scoring.citations.LocalCitationIndex.isCurrent(dir)
                && Files.exists(dir.resolve(io.moderationstream.scoring.citations.LocalCitationIndex.FORMAT_FILE))) {
            io.moderationstream.util.Directories.deleteRecursively(dir);
        }
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    return;
                }
            }
        }
        Files.createDirectories(dir);
        List<Path> inputs = defaultInputs();
        System.err.println("building the citation index in " + dir + " from " + inputs + " (once) ...");
        CitationIndexBuilder.BuildStats stats = CitationIndexBuilder.build(inputs, dir);
        System.err.printf("indexed %d papers (%d duplicates dropped) in %.1f s%n", stats.indexed(), stats.duplicates(),
                stats.millis() / 1000.0);
    }

    /** The shared ACL Anthology, ML Anthology and Paper Copilot dumps, or the bundled sample. */
    public static List<Path> defaultInputs() throws IOException {
        List<Path> inputs = new ArrayList<>();
        Path shared = SharedData.dir();
        if (shared != null) {
            Path acl = shared.resolve("citations/acl-anthology/acl_anthology_papers_2022-05.jsonl.gz");
            Path ml = shared.resolve("citations/ml-anthology/mlanthology_papers.jsonl.gz");
            Path copilot = shared.resolve("citations/papercopilot/papercopilot_papers.jsonl.gz");
            for (Path p : List.of(acl, ml, copilot)) {
                if (Files.exists(p)) {
                    inputs.add(p);
                }
            }
        }
        if (inputs.isEmpty()) {
            Path sample = Files.createTempFile("papers", ".jsonl");
            try (InputStream in = CitationIndexes.class.getResourceAsStream("/demo/papers.jsonl")) {
                Files.copy(in, sample, StandardCopyOption.REPLACE_EXISTING);
            }
            sample.toFile().deleteOnExit();
            inputs.add(sample);
        }
        return inputs;
    }
}
