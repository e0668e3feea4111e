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
        java.net.URL url = ModelFiles.class.getResource(resource.startsWith("/") ? resource : "/" + resource);
        if (url == null) {
            throw new IOException("model resource not on the classpath: " + resource);
        }
        // One folder per version of the resource (size and time stamp), so that a retrained model in a new jar is
        // never shadowed by the file an older jar unpacked; the file keeps its name (ONNX Runtime finds a model by it).
        java.net.URLConnection connection = url.openConnection();
        Path versionDir = unpackDir.resolve(connection.getContentLengthLong() + "-" + connection.getLastModified());
        Files.createDirectories(versionDir);
        Path target = versionDir.resolve(Path.of(resource).getFileName().toString());
        if (!Files.exists(target)) {
            try (InputStream in = connection.getInputStream()) {
                Path tmp = Files.createTempFile(versionDir, "unpack", ".tmp");
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
