package io.moderationstream.fairness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.testing.CliRuns;
import io.moderationstream.testing.PipelineFixture;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream and {@code fairness report} agree: the same events go through {@code replay} (the real pipeline on an
 * embedded broker) and its verdicts and labels through {@code fairness report --format json}; every window row of
 * the report equals the stream's last revision of that row, for tumbling windows over every dimension and for
 * sliding windows with an intersection, per tenant. Some labels are corrected later (the stream retracts the first
 * one), some outdated ones arrive late (ignored by both: the latest judgement counts).
 */
class FairnessReportParityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    /** Fields that differ by construction: when a row was emitted, and how many times the stream revised it. */
    private static final List<String> EMISSION_FIELDS = List.of("emitted_at", "revision");

    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of("tumbling, every dimension", List.of()),
                Arguments.of("sliding, intersection, per tenant", List.of(
                        "fairness.window_size=1h", "fairness.window_slide=30min", "fairness.dimensions=[gender, dialect]",
                        "fairness.intersections=[[gender, dialect]]", "fairness.per_tenant=true")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    @Timeout(300)
    void reportRowsEqualTheStreamsLastRevision(String name, List<String> fairnessSettings, @TempDir Path dir) throws Exception {
        List<String> events = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String id = "ev-" + i;
            ObjectNode e = JSON.createObjectNode().put("event_id", id).put("tenant_id", i % 5 == 0 ? "tenant-b" : "tenant-a")
                    .put("model_id", "model-x").put("created_at", T0.plusSeconds(i * 20L).toString())
                    // The dialect groups differ in how often they are flagged, so rates and references differ too.
                    .put("completion", i % (i % 3 == 0 ? 4 : 9) == 0 ? "what a pathetic idiot you are" : "a friendly answer number " + i);
            e.putObject("groups").put("gender", i % 2 == 0 ? "female" : "male").put("dialect", i % 3 == 0 ? "aae" : "sae");
            events.add(e.toString());
            boolean toxic = i % 4 == 0;
            labels.add(label(id, toxic, 7200));
            if (i % 7 == 0) {
                labels.add(label(id, !toxic, 9000)); // a later correction: retracts the first label
            }
            if (i % 11 == 0) {
                labels.add(label(id, !toxic, 3600)); // an outdated judgement arriving late: ignored
            }
        }
        Path input = Files.write(dir.resolve("events.jsonl"), events);
        Path labelFile = Files.write(dir.resolve("labels.jsonl"), labels);
        Path out = dir.resolve("out");
        List<String> settings = new ArrayList<>(fairnessSettings);
        // Nothing is late for the stream, so it has counted everything the report counts.
        settings.add("fairness.allowed_lateness=24h");

        List<String> replay = new ArrayList<>(List.of("replay", "--input", input.toString(), "--labels", labelFile.toString(),
                "--output-dir", out.toString(), "--set", "scorers.toxicity.options.engine=lexicon",
                "--set", "scorers.citations.options.index_dir=" + PipelineFixture.sampleCitationIndex(),
                "--set", "kafka.group_id=parity-" + Math.abs(name.hashCode())));
        settings.forEach(s -> replay.addAll(List.of("--set", s)));
        var replayed = CliRuns.run(replay.toArray(String[]::new));
        assertThat(replayed.code()).as(replayed.err()).isZero();

        Path reportFile = dir.resolve("report.jsonl");
        List<String> report = new ArrayList<>(List.of("fairness", "report", "--input", out.resolve("verdicts.jsonl").toString(),
                "--labels", labelFile.toString(), "--format", "json", "--out", reportFile.toString()));
        settings.forEach(s -> report.addAll(List.of("--set", s)));
        var reported = CliRuns.run(report.toArray(String[]::new));
        assertThat(reported.code()).as(reported.err()).isZero();

        Map<List<String>, JsonNode> stream = lastRevisions(out.resolve("fairness.jsonl"));
        Map<List<String>, JsonNode> offline = lastRevisions(reportFile);
        assertThat(offline).isNotEmpty();
        assertThat(offline.keySet()).containsExactlyInAnyOrderElementsOf(stream.keySet());
        offline.forEach((key, row) -> assertThat(row).as(key.toString()).isEqualTo(stream.get(key)));
        // The case is not trivial: labelled rows, several windows and a disparity or reference group in play.
        assertThat(offline.values()).anySatisfy(r -> assertThat(r.get("labelled").asLong()).isPositive());
        assertThat(offline.keySet().stream().map(k -> k.get(0)).distinct().count()).isGreaterThan(2);
        if (!fairnessSettings.isEmpty()) {
            assertThat(offline.keySet()).anySatisfy(k -> assertThat(k.get(2)).isEqualTo("gender&dialect"))
                    .anySatisfy(k -> assertThat(k.get(4)).isEqualTo("tenant-b"));
        }
    }

    private static String label(String id, boolean toxic, long judgedAfterSeconds) {
        ObjectNode n = JSON.createObjectNode().put("event_id", id).put("labelled_at", T0.plusSeconds(judgedAfterSeconds).toString())
                .put("source", "test");
        n.putObject("labels").put("toxic", toxic);
        return n.toString();
    }

    /** Rows by (window start, window end, dimension, group, tenant, model), keeping each one's highest revision. */
    private static Map<List<String>, JsonNode> lastRevisions(Path file) throws Exception {
        Map<List<String>, JsonNode> rows = new HashMap<>();
        Map<List<String>, Integer> revisions = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            ObjectNode row = (ObjectNode) JSON.readTree(line);
            List<String> key = List.of(row.get("window_start").asText(), row.get("window_end").asText(), row.get("dimension").asText(),
                    row.get("group").asText(), row.path("tenant_id").asText(""), row.path("model_id").asText(""));
            int revision = row.get("revision").asInt();
            if (revisions.getOrDefault(key, -1) < revision) {
                revisions.put(key, revision);
                row.remove(EMISSION_FIELDS);
                rows.put(key, row);
            }
        }
        return rows;
    }
}
