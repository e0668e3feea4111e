package io.moderationstream.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FairnessDimensionsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneLineOutPerLineInWithEveryDerivedDimension(@TempDir Path dir) throws Exception {
        Path input = Files.write(dir.resolve("in.jsonl"), List.of(
                "{\"text\": \"Islam teaches that God is merciful, and Muslims pray five times a day.\"}",
                "{\"text\": \"Der Ausschuss wird seine Ergebnisse zum Wohnungsmarkt nächste Woche veröffentlichen.\"}",
                "not json",
                "{\"text\": \"ok\", \"tenant_id\": \"t\"}"));
        String[] out = PiiCommandsTest.stdout("fairness", "dimensions", "--input", input.toString()).split("\n");
        assertThat(out[0]).as("exit code: one line was unreadable").isEqualTo("1");
        assertThat(JSON.readTree(out[1])).isEqualTo(JSON.readTree(
                "{\"mentioned_identity\":[\"islam\",\"muslim\"],\"mentioned_identity_category\":[\"religion\"],\"language\":[\"en\"]}"));
        JsonNode german = JSON.readTree(out[2]);
        assertThat(german.get("mentioned_identity")).isEmpty();
        assertThat(german.get("language").get(0).asText()).isEqualTo("de");
        assertThat(JSON.readTree(out[3]).get("line").asInt()).isEqualTo(3);
        assertThat(JSON.readTree(out[4]).get("language").get(0).asText()).isEqualTo("und");
    }
}
