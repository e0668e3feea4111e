package io.moderationstream.scoring.protected_material;

import io.moderationstream.scoring.protected_material.index.ProtectedIndexBuilder;
import io.moderationstream.tools.embedded.SharedData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The shared Project Gutenberg corpus indexed once per test JVM (null where ../shared/data is absent). */
final class SharedCorpusIndex {
    private static Path dir;

    private SharedCorpusIndex() {}

    static synchronized Path corpus() {
        Path shared = SharedData.dir();
        return shared == null || !Files.isDirectory(shared.resolve("protected/corpus")) ? null : shared.resolve("protected/corpus");
    }

    static synchronized Path get() throws Exception {
        if (dir == null && corpus() != null) {
            Path built = Files.createTempDirectory("protected-index-test");
            ProtectedIndexBuilder.build(List.of(corpus()), built, ProtectedIndex.Params.DEFAULT);
            built.toFile().deleteOnExit();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    io.moderationstream.util.Directories.deleteRecursively(built);
                } catch (Exception ignored) {
                    // best effort: a temp directory
                }
            }));
            dir = built;
        }
        return dir;
    }

    /** A passage of a corpus document: {@code chars} characters from {@code at}, widened to whole words, lines unwrapped. */
    static String passage(String documentFile, String startsWith, int chars) throws Exception {
        String text = Files.readString(corpus().resolve(documentFile)).replace("\r\n", "\n");
        int at = text.indexOf(startsWith);
        if (at < 0) {
            throw new IllegalArgumentException(startsWith + " is not in " + documentFile);
        }
        int end = Math.min(text.length(), at + chars);
        while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
            end++;
        }
        return text.substring(at, end).replaceAll("\\s+", " ");
    }
}
