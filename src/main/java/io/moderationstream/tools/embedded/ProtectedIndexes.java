package io.moderationstream.tools.embedded;

import io.moderationstream.config.JobConfig;
import io.moderationstream.scoring.ScorerRegistry;
import io.moderationstream.scoring.protected_material.ProtectedIndex;
import io.moderationstream.scoring.protected_material.ProtectedMaterialConfig;
import io.moderationstream.scoring.protected_material.ProtectedMaterialPlugin;
import io.moderationstream.scoring.protected_material.index.ProtectedIndexBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes sure the protected-material index an embedded run points to exists: built (once) from the shared
 * public-domain corpus ({@code ../shared/data/protected/corpus}) plus a short public-domain sample shipped in the jar,
 * or from the sample alone where the shared data is absent.
 */
public final class ProtectedIndexes {
    public static final String SAMPLE = "/demo/protected/declaration-of-independence.txt";

    private ProtectedIndexes() {}

    public static void ensure(JobConfig config) throws IOException {
        var plugin = ScorerRegistry.get().byId(ProtectedMaterialPlugin.ID);
        if (plugin.isEmpty() || !ScorerRegistry.get().enabled(config, plugin.get())) {
            return;
        }
        String dir = ScorerRegistry.get().options(config, ProtectedMaterialConfig.class).indexDir;
        if (!dir.contains("://")) {
            ensureAt(Path.of(dir));
        }
    }

    /** Builds the demo index at {@code dir} when it holds none of this version's format. */
    public static void ensureAt(Path dir) throws IOException {
        if (Files.exists(dir.resolve(ProtectedIndex.MANIFEST))) {
            try {
                ProtectedIndex.open(dir);
                return;
            } catch (IOException stale) {
                io.moderationstream.util.Directories.deleteRecursively(dir);
            }
        }
        List<Path> inputs = defaultInputs();
        System.err.println("building the protected-material index in " + dir + " from " + inputs + " (once) ...");
        ProtectedIndexBuilder.Stats stats = ProtectedIndexBuilder.build(inputs, dir, ProtectedIndex.Params.DEFAULT);
        System.err.printf("indexed %d protected documents (%d KB) into %d KB in %.1f s%n", stats.documents(), stats.bytes() / 1024,
                stats.indexBytes() / 1024, stats.millis() / 1000.0);
    }

    /** The shared Project Gutenberg corpus (when present) and the bundled sample. */
    public static List<Path> defaultInputs() throws IOException {
        List<Path> inputs = new ArrayList<>();
        Path shared = SharedData.dir();
        if (shared != null && Files.isDirectory(shared.resolve("protected/corpus"))) {
            inputs.add(shared.resolve("protected/corpus"));
        }
        Path sample = Files.createTempDirectory("protected-sample").resolve("declaration-of-independence.txt");
        try (InputStream in = ProtectedIndexes.class.getResourceAsStream(SAMPLE)) {
            Files.copy(in, sample, StandardCopyOption.REPLACE_EXISTING);
        }
        sample.toFile().deleteOnExit();
        sample.getParent().toFile().deleteOnExit();
        inputs.add(sample);
        return inputs;
    }
}
