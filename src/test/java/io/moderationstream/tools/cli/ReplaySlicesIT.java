package io.moderationstream.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.moderationstream.testing.CliRuns;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code replay --slices}: submitted slices evaluated per window through the real pipeline, written to
 * slice_results.jsonl; a slice whose members are flagged far more often than the rest comes back as DISPARITY, a
 * slice like the rest as NO_DISPARITY, and a slice nobody falls into as INSUFFICIENT_DATA.
 */
class ReplaySlicesIT {
    @Test
    @Timeout(300)
    void submittedSlicesComeBackEvaluated(@TempDir Path dir) throws Exception {
        List<String> events = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            boolean aae = i % 2 == 0;
            // Benign texts; the lexicon flags "idiot": aae texts carry it 40 % of the time, sae texts 5 %.
            boolean flagged = aae ? i % 10 < 4 : i % 20 == 1;
            String text = flagged ? "you idiot, that was a joke" : "a friendly answer number " + i;
            events.add(new String(TestEvents.jsonEvent("s-" + i, text, Map.of("dialect", aae ? "aae" : "sae",
                    "gender", i % 4 < 2 ? "female" : "male"), i * 5L), StandardCharsets.UTF_8));
            labels.add(new String(TestEvents.label("s-" + i, false), StandardCharsets.UTF_8));
        }
        Path input = Files.write(dir.resolve("events.jsonl"), events);
        Path labelFile = Files.write(dir.resolve("labels.jsonl"), labels);
        Path slices = Files.write(dir.resolve("slices.jsonl"), List.of(
                "{\"slice_id\":\"aae-women\",\"submitted_by\":\"bounty-17\",\"description\":\"AAE from women\","
                        + "\"predicate\":[{\"field\":\"groups.dialect\",\"values\":[\"aae\"]},{\"field\":\"groups.gender\",\"values\":[\"female\"]}],"
                        + "\"metrics\":[\"FLAG_RATE\",\"FPR\"],\"min_sample\":30}",
                "{\"slice_id\":\"sae\",\"submitted_by\":\"auditor\",\"predicate\":[{\"field\":\"groups.dialect\",\"values\":[\"sae\"]}],"
                        + "\"metrics\":[\"FPR\"],\"min_sample\":30}",
                "{\"slice_id\":\"other-tenant\",\"submitted_by\":\"auditor\",\"predicate\":[{\"field\":\"tenant_id\",\"values\":[\"nobody\"]}],"
                        + "\"metrics\":[\"FLAG_RATE\"]}"));
        Path out = dir.resolve("out");
        var run = CliRuns.run("replay", "--input", input.toString(), "--labels", labelFile.toString(), "--slices", slices.toString(),
                "--output-dir", out.toString(), "--set", "scorers.toxicity.options.engine=lexicon",
                "--set", "scorers.citations.options.index_dir=" + PipelineFixture.sampleCitationIndex(),
                "--set", "kafka.group_id=replay-slices");
        assertThat(run.code()).as(run.err()).isZero();

        List<JsonNode> results = ReplayCommandIT.readJson(out.resolve("slice_results.jsonl"));
        assertThat(results).isNotEmpty();
        JsonNode aaeFpr = last(results, "aae-women", "FPR");
        assertThat(aaeFpr.get("status").asText()).isEqualTo("DISPARITY");
        assertThat(aaeFpr.get("count").asLong()).isEqualTo(100);
        assertThat(aaeFpr.get("value").asDouble()).isEqualTo(0.4);
        assertThat(aaeFpr.get("submitted_by").asText()).isEqualTo("bounty-17");
        assertThat(aaeFpr.get("source").asText()).isEqualTo("SUBMITTED");
        assertThat(last(results, "sae", "FPR").get("status").asText()).isEqualTo("DISPARITY"); // less often flagged than the rest
        assertThat(last(results, "sae", "FPR").get("value").asDouble()).isLessThan(last(results, "sae", "FPR").get("complement_value").asDouble());
        assertThat(last(results, "other-tenant", "FLAG_RATE").get("status").asText()).isEqualTo("INSUFFICIENT_DATA");
        assertThat(aaeFpr.get("best_group").get("field").asText()).isIn("groups.dialect", "groups.gender");
        assertThat(aaeFpr.get("best_group").get("rate").asDouble()).isLessThan(0.4);
        assertThat(aaeFpr.get("predicate")).hasSize(2);
        // Discovery over the same window finds the dialect unasked (both genders of it are flagged alike).
        JsonNode discovered = results.stream().filter(r -> r.get("source").asText().equals("DISCOVERED")
                        && r.get("metric").asText().equals("FPR") && r.get("rank").asInt() == 1)
                .max(java.util.Comparator.comparingInt(r -> r.get("revision").asInt())).orElseThrow();
        assertThat(discovered.get("slice_id").asText()).isEqualTo("discovered:groups.dialect=aae");
        assertThat(discovered.get("status").asText()).isEqualTo("DISPARITY");
    }

    /** The highest revision of a slice's metric in the (single) window. */
    private static JsonNode last(List<JsonNode> results, String slice, String metric) {
        return results.stream().filter(r -> r.get("slice_id").asText().equals(slice) && r.get("metric").asText().equals(metric))
                .max(java.util.Comparator.comparingInt(r -> r.get("revision").asInt())).orElseThrow();
    }
}
