package io.moderationstream.tools.embedded;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the project's shared datasets ({@code ../shared/data} next to the checkout, or $MODERATION_SHARED_DATA). */
public final class SharedData {
    private SharedData() {}

    /** The data directory, or null when it is not present on this machine. */
    public static Path dir() {
        String env = System.getenv("MODERATION_SHARED_DATA");
        for (Path candidate : new Path[] {env == null ? null : Path.of(env), Path.of("../shared/data"), Path.of("shared/data")}) {
            if (candidate != null && Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
