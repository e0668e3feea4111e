package io.moderationstream.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moderationstream.testing.CliRuns;
import io.moderationstream.tools.embedded.SharedData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.moderationstream.tools.cli.PiiCommandsTest.stdout;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code protected index}, {@code protected check} and {@code protected evaluate} as a user runs them. */
class ProtectedCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String POEM = "Tyger Tyger, burning bright, In the forests of the night; What immortal hand or eye, "
            + "Could frame thy fearful symmetry? In what distant deeps or skies. Burnt the fire of thine eyes?";

    @Test
    void indexThenCheckGivesOneLinePerInputInOrderWithUtf16Offsets(@TempDir Path dir) throws Exception {
        Path docs = Files.write(dir.resolve("poems.jsonl"), List.of(
                JSON.createObjectNode().put("id", "tyger").put("title", "The Tyger").put("text", POEM).toString()));
        String[] indexed = stdout("protected", "index", "--input", docs.toString(), "--out", dir.resolve("idx").toString()).split("\n");
        assertThat(indexed[0]).isEqualTo("0");
        JsonNode stats = JSON.readTree(indexed[1]);
        assertThat(stats.path("documents_added").asInt()).isEqualTo(1);
        assertThat(stats.path("segments").asInt()).isEqualTo(1);
        assertThat(stats.has("index_share_of_corpus")).isTrue();

        String copied = "\uD83D\uDE00 Blake wrote: " + POEM.toUpperCase(java.util.Locale.ROOT).substring(0, 120) + " ... a fine poem.";
        Path input = Files.write(dir.resolve("in.jsonl"), List.of(JSON.createObjectNode().put("text", copied).toString(),
                "{\"text\": \"nothing protected here, just a sentence about the weather in spring\"}", "not json"));
        String[] out = stdout("protected", "check", "--index", dir.resolve("idx").toString(), "--input", input.toString()).split("\n");
        assertThat(out[0]).as("exit code: one line was unreadable").isEqualTo("1");
        assertThat(out).hasSize(4);
        JsonNode first = JSON.readTree(out[1]);
        List<String> fields = new java.util.ArrayList<>();
        first.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("detected", "coverage", "longest_match_chars", "matches");
        assertThat(first.path("detected").asBoolean()).isTrue();
        assertThat(first.path("longest_match_chars").asInt()).isGreaterThanOrEqualTo(90);
        JsonNode match = first.path("matches").get(0);
        assertThat(match.path("source_id").asText()).isEqualTo("tyger");
        assertThat(match.path("title").asText()).isEqualTo("The Tyger");
        String span = copied.substring(match.path("begin").asInt(), match.path("end").asInt());
        assertThat(POEM.toUpperCase(java.util.Locale.ROOT)).contains(span.substring(0, 20));
        JsonNode second = JSON.readTree(out[2]);
        assertThat(second.path("detected").asBoolean()).isFalse();
        assertThat(second.path("matches")).isEmpty();
        assertThat(second.path("coverage").asDouble()).isZero();
        assertThat(out[3]).contains("error");
    }

    @Test
    void mistakesAreOneLine(@TempDir Path dir) {
        CliRuns.Outcome missing = CliRuns.run("protected", "check", "--index", dir.resolve("nope").toString(), "--input", dir.toString());
        assertThat(missing.code()).isNotZero();
        assertThat(missing.err()).contains("is not a protected-material index").contains("protected index --input");
        assertThat(missing.lines()).isEqualTo(1);
        CliRuns.Outcome tile = CliRuns.run("protected", "index", "--input", dir.toString(), "--out", dir.resolve("i").toString(), "--tile-chars", "3");
        assertThat(tile.code()).isEqualTo(2);
        assertThat(tile.err()).contains("--tile-chars is 3");
    }

    @Test
    void evaluatePrintsPerKindRatesOnTheSharedCorpus(@TempDir Path dir) throws Exception {
        Path shared = SharedData.dir();
        Assumptions.assumeTrue(shared != null, "../shared/data not present");
        assertThat(CliRuns.run("protected", "index", "--input", shared.resolve("protected/corpus").toString(), "--out",
                dir.resolve("idx").toString()).code()).isZero();
        String[] out = stdout("protected", "evaluate", "--index", dir.resolve("idx").toString(), "--per-kind", "60", "--seed", "5").split("\n");
        assertThat(out[0]).isEqualTo("0");
        JsonNode report = JSON.readTree(out[out.length - 1]);
        for (String kind : List.of("verbatim", "restyled", "edited", "poem")) {
            assertThat(report.path(kind).path("cases").asInt()).isEqualTo(60);
            assertThat(report.path(kind).path("recall").asDouble()).as(kind).isGreaterThanOrEqualTo(0.85);
        }
        for (String kind : List.of("unrelated", "common_phrases", "short_quote", "paraphrase")) {
            assertThat(report.path(kind).path("false_positive_rate").asDouble()).as(kind).isLessThanOrEqualTo(0.05);
        }
        assertThat(report.path("index_share_of_corpus").asDouble()).isLessThanOrEqualTo(0.10);
    }
}
