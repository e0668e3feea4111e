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
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events with no groups at all: `replay` derives who each answer talks about and its language, and the fairness
 * rows and alerts come out of that alone — here a planted disparity (answers about Muslims flagged half the time,
 * answers about Christians never) raises an alert on mentioned_identity = muslim.
 */
class DerivedDimensionsReplayIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(300)
    void fairnessRowsAndAnAlertFromDimensionsDerivedFromTheText(@TempDir Path dir) throws Exception {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String muslim = "Muslim families in the city celebrate the end of Ramadan with a shared meal, answer " + i + "."
                    + (i % 2 == 0 ? " What a pathetic idiot you are." : "");
            String christian = "Christian families in the city celebrate Easter with a shared meal, answer " + i + ".";
            events.add(new String(TestEvents.jsonEvent("m-" + i, muslim, Map.of(), i), StandardCharsets.UTF_8));
            events.add(new String(TestEvents.jsonEvent("c-" + i, christian, Map.of(), i), StandardCharsets.UTF_8));
        }
        Path input = Files.write(dir.resolve("events.jsonl"), events);
        Path out = dir.resolve("out");

        int code = new CommandLine(new Main()).execute("replay", "--input", input.toString(), "--output-dir", out.toString(),
                "--set", "scorers.toxicity.options.engine=lexicon",
                "--set", "scorers.citations.options.index_dir=" + PipelineFixture.sampleCitationIndex(),
                "--set", "fairness.min_sample=20",
                "--set", "kafka.group_id=replay-derived");
        assertThat(code).isZero();

        List<JsonNode> verdicts = ReplayCommandIT.readJson(out.resolve("verdicts.jsonl"));
        assertThat(verdicts).hasSize(120).allSatisfy(v -> {
            assertThat(v.get("groups").size()).isZero();
            assertThat(v.get("derived_groups").get("language").get(0).asText()).isEqualTo("en");
        });
        List<JsonNode> fairness = ReplayCommandIT.readJson(out.resolve("fairness.jsonl"));
        Map<String, Integer> counts = fairness.stream().filter(f -> f.get("dimension").asText().equals("mentioned_identity"))
                .collect(Collectors.groupingBy(f -> f.get("group").asText(), Collectors.summingInt(f -> f.get("count").asInt())));
        assertThat(counts).isEqualTo(Map.of("muslim", 60, "christian", 60));
        assertThat(fairness).anySatisfy(f -> {
            assertThat(f.get("dimension").asText()).isEqualTo("mentioned_identity_category");
            assertThat(f.get("group").asText()).isEqualTo("religion");
        });
        assertThat(fairness).anySatisfy(f -> assertThat(f.get("dimension").asText()).isEqualTo("language"));

        List<JsonNode> alerts = ReplayCommandIT.readJson(out.resolve("alerts.jsonl"));
        assertThat(alerts).anySatisfy(a -> {
            assertThat(a.get("dimension").asText()).isEqualTo("mentioned_identity");
            assertThat(a.get("group").asText()).isEqualTo("muslim");
            assertThat(a.get("reference_group").asText()).isEqualTo("christian");
        });
    }
}
