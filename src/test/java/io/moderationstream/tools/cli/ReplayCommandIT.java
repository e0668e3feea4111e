package io.moderationstream.tools.cli;

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
class ReplayCommandIT {
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
        // Real JSON types (what DuckDB and `fairness report` read): arrays as arrays, not strings holding JSON.
        assertThat(verdicts).allSatisfy(v -> {
            assertThat(v.get("reasons").isArray()).isTrue();
            assertThat(v.get("toxicity").get("evidence").isArray()).isTrue();
        });
        assertThat(verdicts).anySatisfy(v -> assertThat(v.path("reasons").path(0).path("code").asText()).startsWith("TOXICITY_"));
        List<JsonNode> fairness = readJson(out.resolve("fairness.jsonl"));
        assertThat(fairness).isNotEmpty();
        assertThat(fairness).extracting(f -> f.get("dimension").asText()).contains("gender", "dialect");
        assertThat(Files.exists(out.resolve("alerts.jsonl"))).isTrue();
        assertThat(readJson(out.resolve("review.jsonl"))).allSatisfy(r -> assertThat(r.get("decision").asText()).isEqualTo("REVIEW"));
    }

    /**
     * Hostile lines: one that is not UTF-8, one of 1.5 MB (200k token ids: over the broker's default message size,
     * under the job's limit), one over the job's own limit, and one over what Kafka is set to take at all. Each is
     * passed on as its bytes; the first three are dead-lettered by the job with their codes, the last is reported
     * by line number and the command fails, because replay exits 0 only when every line is accounted for.
     */
    @Test
    @Timeout(300)
    void everyLineIsAccountedForAndLossIsReportedByLineNumber(@TempDir Path dir) throws Exception {
        StringBuilder tokens = new StringBuilder("[");
        for (int i = 0; i < 200_000; i++) {
            tokens.append(i % 50_000).append(i < 199_999 ? "," : "]");
        }
        byte[] good = TestEvents.jsonEvent("fine", "a perfectly friendly answer", Map.of("gender", "female"), 1);
        byte[] invalidUtf8 = "{\"event_id\":\"bad-utf8\",\"tenant_id\":\"t\",\"model_id\":\"m\",\"created_at\":1,\"completion\":\"a\u00ff\"}"
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] manyTokens = ("{\"event_id\":\"tokens\",\"tenant_id\":\"t\",\"model_id\":\"m\",\"created_at\":1,\"completion\":\"x\",\"token_ids\":"
                + tokens + "}").getBytes(StandardCharsets.UTF_8);
        byte[] tooLarge = ("{\"event_id\":\"large\",\"completion\":\"" + "w".repeat(2_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] beyondKafka = ("{\"event_id\":\"huge\",\"completion\":\"" + "w".repeat(3_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(manyTokens.length).isGreaterThan(1_048_576);
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        for (byte[] line : List.of(good, invalidUtf8, manyTokens, "   ".getBytes(StandardCharsets.UTF_8), tooLarge, beyondKafka)) {
            file.write(line);
            file.write('\n');
        }
        Path input = Files.write(dir.resolve("hostile.jsonl"), file.toByteArray());
        Path out = dir.resolve("out");

        var outcome = io.moderationstream.testing.CliRuns.run("replay", "--input", input.toString(), "--output-dir", out.toString(),
                "--set", "scorers.toxicity.options.engine=lexicon",
                "--set", "scorers.citations.options.index_dir=" + PipelineFixture.sampleCitationIndex(),
                "--set", "kafka.group_id=replay-hostile");
        String report = outcome.err();
        assertThat(outcome.code()).as(report).isEqualTo(1);
        assertThat(report).contains(input + ":6: not written to Kafka").contains("1 input line(s) have neither an output nor a dead letter");
        assertThat(report).doesNotContain(input + ":1:").doesNotContain(input + ":2:").doesNotContain(input + ":3:").doesNotContain(input + ":5:");

        assertThat(readJson(out.resolve("verdicts.jsonl"))).extracting(v -> v.get("event_id").asText()).containsExactly("fine");
        Map<String, String> codes = new HashMap<>();
        for (JsonNode d : readJson(out.resolve("dlq.jsonl"))) {
            codes.put(d.path("event_id").asText(d.get("raw_size").asText()), d.get("error_code").asText());
        }
        assertThat(codes).containsEntry("tokens", "TOO_MANY_TOKENS").containsEntry(Integer.toString(tooLarge.length), "TOO_LARGE")
                .containsValue("NOT_DECODABLE").hasSize(3);
    }

    static List<JsonNode> readJson(Path file) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }
}
