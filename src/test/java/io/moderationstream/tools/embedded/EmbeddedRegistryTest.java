package io.moderationstream.tools.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Finding a JDK for the registry's child JVM: the release file of a JDK home says its feature release. */
class EmbeddedRegistryTest {
    @Test
    void readsTheFeatureReleaseOfAJdkHome(@TempDir Path dir) throws Exception {
        assertThat(EmbeddedRegistry.release(home(dir, "a", "JAVA_VERSION=\"25.0.1\""))).isEqualTo(25);
        assertThat(EmbeddedRegistry.release(home(dir, "b", "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"21\""))).isEqualTo(21);
        assertThat(EmbeddedRegistry.release(home(dir, "c", "JAVA_VERSION=\"17.0.15\""))).isEqualTo(17);
        assertThat(EmbeddedRegistry.release(home(dir, "d", "JAVA_VERSION=\"1.8.0_402\""))).isEqualTo(8);
        assertThat(EmbeddedRegistry.release(home(dir, "e", "garbage"))).isZero();
        assertThat(EmbeddedRegistry.release(dir.resolve("missing"))).isZero();
    }

    @Test
    void theJdkFoundIsAtLeast21() {
        EmbeddedRegistry.javaAtLeast21().ifPresent(java -> assertThat(EmbeddedRegistry.release(java.getParent().getParent())).isGreaterThanOrEqualTo(21));
    }

    private static Path home(Path dir, String name, String release) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        Files.writeString(home.resolve("release"), release + "\n");
        return home;
    }
}
