package io.moderationstream.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.moderationstream.io.ParquetSinks;
import io.moderationstream.testing.CliRuns;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code replay --parquet}: the Parquet files are read back with SQL by DuckDB, a reader that is not this project's
 * code, with Hive partitioning: exactly one row per verdict, each in the dt=/hour= partition of its event time, and
 * the fairness rows of the fairness topic.
 */
class ReplayParquetIT {
    @Test
    @Timeout(300)
    void duckDbReadsOneRowPerVerdictInItsHourPartition(@TempDir Path dir) throws Exception {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // Three hours of event time, across a day boundary in UTC is not needed: T0 is 09:00Z.
            events.add(new String(TestEvents.jsonEvent("pq-" + i, i % 7 == 0 ? "what a pathetic idiot" : "a helpful answer " + i,
                    Map.of("gender", i % 2 == 0 ? "female" : "male"), i * 36L), StandardCharsets.UTF_8));
        }
        events.add("{\"event_id\": \"broken\"");
        Path input = Files.write(dir.resolve("events.jsonl"), events);
        Path out = dir.resolve("out");
        var run = CliRuns.run("replay", "--input", input.toString(), "--output-dir", out.toString(), "--parquet",
                "--set", "scorers.toxicity.options.engine=lexicon",
                "--set", "scorers.citations.options.index_dir=" + PipelineFixture.sampleCitationIndex(),
                "--set", "kafka.group_id=replay-parquet");
        assertThat(run.code()).as(run.err()).isZero();

        List<JsonNode> verdicts = ReplayCommandIT.readJson(out.resolve("verdicts.jsonl"));
        List<JsonNode> fairness = ReplayCommandIT.readJson(out.resolve("fairness.jsonl"));
        assertThat(verdicts).hasSize(300);
        try (Stream<Path> files = Files.walk(out.resolve("parquet"))) {
            assertThat(files.map(Path::toString).filter(f -> f.endsWith(".parquet")))
                    .allSatisfy(f -> assertThat(f).containsPattern("/(verdicts|fairness)/dt=\\d{4}-\\d{2}-\\d{2}/hour=\\d{2}/"))
                    .isNotEmpty();
        }

        String verdictFiles = out.resolve("parquet/verdicts").toString() + "/**/*.parquet";
        String fairnessFiles = out.resolve("parquet/fairness").toString() + "/**/*.parquet";
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duck.createStatement()) {
            try (ResultSet r = sql.executeQuery("SELECT count(*), count(DISTINCT event_id), count(*) FILTER (WHERE decision <> 'ALLOW') "
                    + "FROM read_parquet('" + verdictFiles + "', hive_partitioning = true)")) {
                r.next();
                assertThat(r.getLong(1)).isEqualTo(300);
                assertThat(r.getLong(2)).isEqualTo(300);
                assertThat(r.getLong(3)).isEqualTo(verdicts.stream().filter(v -> !v.get("decision").asText().equals("ALLOW")).count())
                        .isPositive();
            }
            // Every verdict in the partition of its own event time, and nested fields readable as columns.
            Map<String, Long> expected = new HashMap<>();
            verdicts.forEach(v -> expected.merge(
                    ParquetSinks.HivePartitions.partitionOf(Instant.ofEpochMilli(v.get("created_at").asLong())), 1L, Long::sum));
            Map<String, Long> partitions = new HashMap<>();
            try (ResultSet r = sql.executeQuery("SELECT 'dt=' || strftime(dt, '%Y-%m-%d') || '/hour=' || lpad(CAST(hour AS VARCHAR), 2, '0') AS p, "
                    + "count(*), min(CAST(created_at AS TIMESTAMP)), max(toxicity.scores['toxicity']), max(len(reasons)) "
                    + "FROM read_parquet('" + verdictFiles + "', hive_partitioning = true) GROUP BY p")) {
                while (r.next()) {
                    partitions.put(r.getString(1), r.getLong(2));
                    assertThat(r.getDouble(4)).isBetween(0.0, 1.0);
                }
            }
            assertThat(partitions).isEqualTo(expected).hasSizeGreaterThan(2);
            try (ResultSet r = sql.executeQuery("SELECT count(*), sum(\"count\") FROM read_parquet('" + fairnessFiles + "', hive_partitioning = true)")) {
                r.next();
                assertThat(r.getLong(1)).isEqualTo(fairness.size());
                assertThat(r.getLong(2)).isEqualTo(fairness.stream().mapToLong(f -> f.get("count").asLong()).sum());
            }
        }
    }
}
