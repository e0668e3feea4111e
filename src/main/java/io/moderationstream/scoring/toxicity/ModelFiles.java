package io.moderationstream.scoring.toxicity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Resolves model files given as a path or as {@code classpath:/...} (unpacked once into a temp directory). */
final class ModelFiles {
    private ModelFiles() {}

    static Path resolve(String location, Path unpackDir) throws IOException {
        if (!location.startsWith("classpath:")) {
            Path p = Path.of(location);
            if (!Files.exists(p)) {
                throw new IOException("model file not found: " + p.toAbsolutePath());
            }
            return p;
        }
        String resource = location.substring("classpath:".length());
        Path target = unpackDir.resolve(Path.of(resource).getFileName().toString());
        if (!Files.exists(target)) {
            try (InputStream in = ModelFiles.class.getResourceAsStream(resource.startsWith("/") ? resource : "/" + resource)) {
                if (in == null) {
                    throw new IOException("model resource not on the classpath: " + resource);
                }
                Path tmp = Files.createTempFile(unpackDir, "unpack", ".tmp");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    static Path unpackDir() throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "moderation-stream-models");
        Files.createDirectories(dir);
        return dir;
    }
}
