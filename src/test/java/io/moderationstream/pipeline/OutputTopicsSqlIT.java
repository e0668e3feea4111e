package io.moderationstream.pipeline;

import io.moderationstream.avro.Decision;
import io.moderationstream.avro.FairnessStats;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import io.moderationstream.io.TopicIO;
import io.moderationstream.io.WireFormat;
import io.moderationstream.testing.JobRuns;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import io.moderationstream.testing.TestKafka;
import io.moderationstream.tools.embedded.EmbeddedKafka;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumers that are not this project's code: with {@code serialization.format: json} the job's verdict and
 * fairness topics are read by Flink SQL's own Kafka connector and {@code 'format' = 'json'}, with the DDL the README
 * gives, and a windowed aggregate over the verdicts matches what the job wrote.
 */
class OutputTopicsSqlIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    /** The README's DDL for the verdicts topic (JSON), minus the WITH options the test fills in. */
    static final String VERDICTS_DDL = """
            CREATE TABLE verdicts (
              event_id STRING,
              tenant_id STRING,
              model_id STRING,
              created_at BIGINT,
              decision STRING,
              reasons ARRAY<ROW<code STRING, scorer STRING, `text` STRING>>,
              toxicity ROW<scorer STRING, status STRING, scores MAP<STRING, DOUBLE>>,
              citations ROW<scorer STRING, status STRING, scores MAP<STRING, DOUBLE>>,
              `watermark` ROW<scorer STRING, status STRING, scores MAP<STRING, DOUBLE>>,
              policy_version STRING,
              `groups` MAP<STRING, STRING>,
              processed_at BIGINT,
              event_time AS TO_TIMESTAMP_LTZ(created_at, 3),
              WATERMARK FOR event_time AS event_time - INTERVAL '30' SECOND
            )""";

    static final String FAIRNESS_DDL = """
            CREATE TABLE fairness_stats (
              window_start BIGINT,
              window_end BIGINT,
              dimension STRING,
              `group` STRING,
              `count` BIGINT,
              flagged BIGINT,
              flag_rate DOUBLE,
              flag_rate_ci_low DOUBLE,
              flag_rate_ci_high DOUBLE,
              fpr DOUBLE,
              disparity BOOLEAN,
              revision INT
            )""";

    @Test
    @Timeout(300)
    void flinkSqlReadsTheJsonTopicsAndAggregatesByWindow() throws Exception {
        EmbeddedKafka kafka = TestKafka.get();
        JobConfig config = PipelineFixture.config(kafka.bootstrapServers(), JobConfig.DeliveryGuarantee.EXACTLY_ONCE,
                "serialization.format=json");
        kafka.createTopics(2, PipelineFixture.topics(config));
        List<byte[]> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // Two hours of event time: two or three one-hour windows.
            events.add(TestEvents.avro(TestEvents.event("sql-" + i, i % 3 == 0 ? "you pathetic idiot" : "a kind answer " + i,
                    Map.of("gender", i % 2 == 0 ? "female" : "male"), i * 180L)));
        }
        TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events, events);
        JobRuns.runToEnd(config, 2);

        // What the job wrote, read back as JSON (the first byte is '{').
        List<Verdict> written = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(kafka.bootstrapServers(), Map.of(), config.topics.verdicts)) {
            assertThat(r.value()[0]).isEqualTo((byte) '{');
            written.add(WireFormat.decode(r.value(), Verdict.class));
        }
        assertThat(written).hasSize(40);
        Map<List<Object>, long[]> expected = new HashMap<>();
        for (Verdict v : written) {
            long hour = v.getCreatedAt().toEpochMilli() / 3_600_000L * 3_600_000L;
            long[] c = expected.computeIfAbsent(List.of(hour, v.getGroups().get("gender")), k -> new long[2]);
            c[0]++;
            c[1] += v.getDecision() == Decision.ALLOW ? 0 : 1;
        }

        TableEnvironment sql = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        sql.executeSql(VERDICTS_DDL + with(kafka, config.topics.verdicts));
        Map<List<Object>, long[]> aggregated = new HashMap<>();
        try (CloseableIterator<Row> rows = sql.executeSql("""
                SELECT window_start, `groups`['gender'] AS gender, COUNT(*) AS verdicts,
                       SUM(CASE WHEN decision <> 'ALLOW' THEN 1 ELSE 0 END) AS flagged,
                       MAX(toxicity.scores['toxicity']) AS max_toxicity, MAX(CARDINALITY(reasons)) AS max_reasons
                FROM TABLE(TUMBLE(TABLE verdicts, DESCRIPTOR(event_time), INTERVAL '1' HOUR))
                GROUP BY window_start, window_end, `groups`['gender']""").collect()) {
            rows.forEachRemaining(r -> {
                long start = ((java.time.LocalDateTime) r.getField("window_start")).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
                aggregated.put(List.of(start, r.getField("gender")),
                        new long[] {(Long) r.getField("verdicts"), ((Number) r.getField("flagged")).longValue()});
                assertThat((Double) r.getField("max_toxicity")).isBetween(0.0, 1.0);
            });
        }
        assertThat(aggregated.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, counts) -> assertThat(aggregated.get(key)).as(key.toString()).containsExactly(counts));
        assertThat(expected.values().stream().mapToLong(c -> c[1]).sum()).isPositive();

        sql.executeSql(FAIRNESS_DDL + with(kafka, config.topics.fairness));
        List<FairnessStats> fairness = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(kafka.bootstrapServers(), Map.of(), config.topics.fairness)) {
            fairness.add(WireFormat.decode(r.value(), FairnessStats.class));
        }
        try (CloseableIterator<Row> rows = sql.executeSql(
                "SELECT COUNT(*) AS n, SUM(`count`) AS verdicts, MIN(flag_rate_ci_low) AS lowest FROM fairness_stats WHERE dimension = 'gender'")
                .collect()) {
            Row r = rows.next();
            long gender = fairness.stream().filter(f -> f.getDimension().equals("gender")).count();
            assertThat((Long) r.getField("n")).isEqualTo(gender).isPositive();
            assertThat((Long) r.getField("verdicts")).isEqualTo(fairness.stream().filter(f -> f.getDimension().equals("gender"))
                    .mapToLong(FairnessStats::getCount).sum());
            assertThat((Double) r.getField("lowest")).isBetween(0.0, 1.0);
        }
    }

    /** The WITH clause: the Kafka connector over the whole topic (bounded), committed records only, JSON. */
    static String with(EmbeddedKafka kafka, String topic) {
        return """
                 WITH (
                  'connector' = 'kafka',
                  'topic' = '%s',
                  'properties.bootstrap.servers' = '%s',
                  'properties.group.id' = 'sql-%s',
                  'properties.isolation.level' = 'read_committed',
                  'scan.startup.mode' = 'earliest-offset',
                  'scan.bounded.mode' = 'latest-offset',
                  'format' = 'json',
                  'json.ignore-parse-errors' = 'false'
                )""".formatted(topic, kafka.bootstrapServers(), topic);
    }
}
