package io.moderationstream.scoring.toxicity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Unpacked model resources are keyed by content: the same model unpacks once, whatever jar build it came from. */
class ModelFilesTest {
    @Test
    void theSameResourceUnpacksOnceIntoAFolderNamedByItsContent(@TempDir Path dir) throws Exception {
        Path first = ModelFiles.resolve("classpath:/jobs/embedded.yaml", dir);
        Path again = ModelFiles.resolve("classpath:/jobs/embedded.yaml", dir);
        assertThat(again).isEqualTo(first);
        assertThat(first.getFileName().toString()).isEqualTo("embedded.yaml");
        assertThat(first.getParent().getFileName().toString()).matches("[0-9a-f]{16}");
        assertThat(Files.readString(first)).isEqualTo(new String(getClass().getResourceAsStream("/jobs/embedded.yaml").readAllBytes()));
        try (var folders = Files.list(dir)) {
            assertThat(folders).hasSize(1);
        }
    }
}
