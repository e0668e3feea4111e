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
        // One folder per content (SHA-256 of the resource), so that a retrained model in a new jar is never shadowed by
        // the file an older jar unpacked, while rebuilding the same model reuses its folder instead of adding 24 MB to
        // the temp directory on every build; the file keeps its name (ONNX Runtime finds a model by it).
        Path versionDir = unpackDir.resolve(sha256(url).substring(0, 16));
        Files.createDirectories(versionDir);
        Path target = versionDir.resolve(Path.of(resource).getFileName().toString());
        if (!Files.exists(target)) {
            try (InputStream in = url.openStream()) {
                Path tmp = Files.createTempFile(versionDir, "unpack", ".tmp");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    private static String sha256(java.net.URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    static Path unpackDir() throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "moderation-stream-models");
        Files.createDirectories(dir);
        return dir;
    }
}
