package io.moderationstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `replay` over 1,000 lines with 20 malformed ones: 980 verdicts, each event once, and 20 dead letters with reasons. */
class ReplayCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(300)
    void replaysAFileThroughTheEmbeddedPipeline(@TempDir Path dir) throws Exception {
        List<String> events = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            if (i % 50 == 7) {
                events.add(i % 100 == 7 ? "{\"event_id\": \"cut-" + i + "\", \"tenant_id\": " : "{\"event_id\": \"nocompletion-" + i
                        + "\", \"tenant_id\": \"t\", \"model_id\": \"m\", \"created_at\": 1795400000000}");
                continue;
            }
            String text = i % 10 == 0 ? "what a pathetic idiot" : "a perfectly friendly answer number " + i;
            events.add(new String(TestEvents.jsonEvent("ev-" + i, text,
                    Map.of("gender", i % 2 == 0 ? "female" : "male", "dialect", i % 3 == 0 ? "aae" : "sae"), i), StandardCharsets.UTF_8));
            labels.add(new String(TestEvents.label("ev-" + i, i % 10 == 0), StandardCharsets.UTF_8));
        }
        Path input = Files.write(dir.resolve("events.jsonl"), events);
        Path labelFile = Files.write(dir.resolve("labels.jsonl"), labels);
        Path out = dir.resolve("out");

        int code = new CommandLine(new Main()).execute("replay", "--input", input.toString(), "--labels", labelFile.toString(),
                "--output-dir", out.toString(),
                "--set", "scorers.citations.options.index_dir=" + PipelineFixture.sampleCitationIndex(),
                "--set", "kafka.group_id=replay-test");
        assertThat(code).isZero();

        List<JsonNode> verdicts = readJson(out.resolve("verdicts.jsonl"));
        List<JsonNode> dlq = readJson(out.resolve("dlq.jsonl"));
        assertThat(verdicts).hasSize(980);
        Map<String, Integer> perId = new HashMap<>();
        verdicts.forEach(v -> perId.merge(v.get("event_id").asText(), 1, Integer::sum));
        assertThat(perId).hasSize(980);
        assertThat(dlq).hasSize(20);
        assertThat(dlq).allSatisfy(d -> {
            assertThat(d.get("reason").asText()).isNotBlank();
            assertThat(d.get("error_code").asText()).isIn("NOT_DECODABLE", "MISSING_FIELD");
            assertThat(d.get("raw_text").asText()).isNotBlank();
        });
        JsonNode first = verdicts.get(0);
        for (String field : List.of("event_id", "tenant_id", "model_id", "created_at", "decision", "reasons", "toxicity",
                "citations", "watermark", "policy_version", "groups", "processed_at")) {
            assertThat(first.has(field)).as(field).isTrue();
        }
        List<JsonNode> fairness = readJson(out.resolve("fairness.jsonl"));
        assertThat(fairness).isNotEmpty();
        assertThat(fairness).extracting(f -> f.get("dimension").asText()).contains("gender", "dialect");
        assertThat(Files.exists(out.resolve("alerts.jsonl"))).isTrue();
        assertThat(readJson(out.resolve("review.jsonl"))).allSatisfy(r -> assertThat(r.get("decision").asText()).isEqualTo("REVIEW"));
    }

    static List<JsonNode> readJson(Path file) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }
}
