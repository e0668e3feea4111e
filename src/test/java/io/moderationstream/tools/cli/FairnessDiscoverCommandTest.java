package io.moderationstream.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moderationstream.io.AvroJson;
import io.moderationstream.testing.CliRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.moderationstream.fairness.FairnessReportTest.verdict;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code fairness discover} over verdict and label files: JSON lines, worst first, with the documented fields. */
class FairnessDiscoverCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void printsTheWorstSlicesAsJsonLines(@TempDir Path dir) throws Exception {
        List<String> verdicts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            String dialect = i % 3 == 0 ? "aae" : "sae";
            String gender = i % 2 == 0 ? "female" : "male";
            boolean planted = dialect.equals("aae") && gender.equals("female");
            // Every text is benign: each flag is a false positive; 50 % for the planted slice, 5 % elsewhere.
            boolean flagged = planted ? i % 4 < 2 : i % 20 == 1;
            verdicts.add(AvroJson.toJsonLine(verdict(i, flagged, Map.of("dialect", dialect, "gender", gender))));
            labels.add("{\"event_id\":\"e" + i + "\",\"labels\":{\"toxic\":false}}");
        }
        Path v = Files.write(dir.resolve("verdicts.jsonl"), verdicts);
        Path l = Files.write(dir.resolve("labels.jsonl"), labels);

        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = CliRuns.run("fairness", "discover", "--input", v.toString(), "--labels", l.toString(), "--metric", "fpr",
                    "--max-order", "2", "--min-sample", "30", "--top", "3").code();
        } finally {
            System.setOut(original);
        }
        assertThat(code).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).hasSize(3);
        JsonNode worst = lines.get(0);
        assertThat(worst.get("slice")).isEqualTo(JSON.readTree("{\"dialect\":\"aae\",\"gender\":\"female\"}"));
        for (String field : List.of("slice", "metric", "value", "ci_low", "ci_high", "reference_value", "count", "p_value", "significant")) {
            assertThat(worst.has(field)).as(field).isTrue();
        }
        assertThat(worst.get("metric").asText()).isEqualTo("fpr");
        assertThat(worst.get("significant").asBoolean()).isTrue();
        assertThat(worst.get("count").asLong()).isEqualTo(200);
        assertThat(worst.get("value").asDouble()).isEqualTo(0.5);
        // Worst first: by the lower bound of the disparity.
        assertThat(lines.get(1).get("disparity_ci_low").asDouble()).isLessThanOrEqualTo(worst.get("disparity_ci_low").asDouble());
    }

    @Test
    void aMetricThatNeedsLabelsWithoutThemIsOneLine(@TempDir Path dir) throws Exception {
        Path v = Files.write(dir.resolve("verdicts.jsonl"), List.of(AvroJson.toJsonLine(verdict(1, false, Map.of("g", "a")))));
        CliRuns.Outcome o = CliRuns.run("fairness", "discover", "--input", v.toString(), "--metric", "fnr");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.lines()).isEqualTo(1);
        assertThat(o.err()).contains("--metric fnr needs --labels");
    }
}
