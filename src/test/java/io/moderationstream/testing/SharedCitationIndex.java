package io.moderationstream.testing;

import io.moderationstream.tools.embedded.CitationIndexes;
import io.moderationstream.tools.embedded.SharedData;
import io.moderationstream.scoring.citations.LocalCitationIndex;

import java.nio.file.Files;
import java.nio.file.Path;

/** The index built from the shared 232k-paper databases, once per test JVM; null when the shared data is absent. */
public final class SharedCitationIndex {
    private static Path dir;

    private SharedCitationIndex() {}

    public static synchronized Path get() throws Exception {
        if (SharedData.dir() == null) {
            return null;
        }
        if (dir == null) {
            Path candidate = Path.of("target/citation-index");
            if (!Files.exists(candidate.resolve("coverage.json")) || !LocalCitationIndex.isCurrent(candidate)) {
                io.moderationstream.util.Directories.deleteRecursively(candidate);
            }
            CitationIndexes.ensureAt(candidate);
            dir = candidate;
        }
        return dir;
    }
}
