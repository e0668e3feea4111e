package io.moderationstream.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moderationstream.testing.CliRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pii scan}, {@code samples pii} and {@code evaluate pii} as a user runs them: formats, order, exit codes. */
class PiiCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static String stdout(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            CliRuns.Outcome outcome = CliRuns.run(args);
            return outcome.code() + "\n" + captured.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void scanWritesOneLinePerInputLineInOrderWithUtf16Offsets(@TempDir Path dir) throws Exception {
        String text = "Héllo 😀, mail jane.doe@example.com or call +44 20 7946 0958.";
        Path input = Files.write(dir.resolve("in.jsonl"), List.of(JSON.createObjectNode().put("text", text).toString(),
                "{\"text\": \"nothing here\"}", "not json", "{\"no_text\": 1}"));
        String[] out = stdout("pii", "scan", "--input", input.toString()).split("\n");
        assertThat(out[0]).as("exit code: two lines were unreadable").isEqualTo("1");
        JsonNode first = JSON.readTree(out[1]);
        assertThat(first.get("entities")).hasSize(2);
        JsonNode email = first.get("entities").get(0);
        assertThat(email.get("type").asText()).isEqualTo("EMAIL_ADDRESS");
        assertThat(text.substring(email.get("begin").asInt(), email.get("end").asInt())).isEqualTo("jane.doe@example.com");
        assertThat(first.get("redacted").asText()).isEqualTo("Héllo 😀, mail <EMAIL_ADDRESS> or call <PHONE_NUMBER>.");
        assertThat(JSON.readTree(out[2]).get("entities")).isEmpty();
        assertThat(JSON.readTree(out[3]).get("line").asInt()).isEqualTo(3);
        assertThat(JSON.readTree(out[4]).get("line").asInt()).isEqualTo(4);
        assertThat(JSON.readTree(out[4]).get("error").asText()).contains("\"text\"");
    }

    @Test
    void generatedSamplesEvaluateWithEveryTypeFoundAndNoHardNegativeReported(@TempDir Path dir) throws Exception {
        Path samples = dir.resolve("pii.jsonl");
        assertThat(CliRuns.run("samples", "pii", "--out", samples.toString(), "--count", "200", "--seed", "3").code()).isZero();
        String[] out = stdout("evaluate", "pii", "--input", samples.toString()).split("\n");
        assertThat(out[0]).isEqualTo("0");
        JsonNode report = JSON.readTree(out[out.length - 1]);
        assertThat(report.get("texts").asInt()).isEqualTo(200);
        assertThat(report.get("types").fieldNames()).toIterable().containsExactlyInAnyOrder("CREDIT_CARD", "CRYPTO_WALLET",
                "EMAIL_ADDRESS", "IBAN_CODE", "IP_ADDRESS", "PHONE_NUMBER", "SECRET", "US_SSN");
        assertThat(report.get("micro").get("f1").asDouble()).isGreaterThan(0.95);
        assertThat(report.get("hard_negative_rate").asDouble()).isLessThanOrEqualTo(0.01);
    }
}
