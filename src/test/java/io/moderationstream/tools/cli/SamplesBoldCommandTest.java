package io.moderationstream.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.moderationstream.testing.CliRuns;
import io.moderationstream.tools.embedded.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Issue #27: `samples bold` writes into a folder that does not exist yet, and leaves BOLD's empty openings out. */
class SamplesBoldCommandTest {
    @Test
    void everyEventHasACompletionAndTheFolderIsCreated(@TempDir Path dir) throws Exception {
        assumeTrue(SharedData.dir() != null, "../shared/data is not here");
        Path out = dir.resolve("bold/events.jsonl");
        assertThat(CliRuns.run("samples", "bold", "--out", out.toString()).code()).isZero();
        ObjectMapper json = new ObjectMapper();
        assertThat(Files.readAllLines(out)).isNotEmpty()
                .allSatisfy(line -> assertThat(json.readTree(line).path("completion").asText()).isNotBlank());
    }
}
