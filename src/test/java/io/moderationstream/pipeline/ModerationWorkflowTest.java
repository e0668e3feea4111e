package io.moderationstream.pipeline;

import io.moderationstream.avro.DeadLetter;
import io.moderationstream.avro.Decision;
import io.moderationstream.avro.FairnessStats;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import io.moderationstream.io.RawRecord;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job's logic without Kafka (the {@code defineWorkflow} seam, as in Confluent's Flink course): bounded in-memory
 * input through validation, de-duplication, the three scorers, the merge, the policy and fairness, outputs collected.
 */
class ModerationWorkflowTest {

    static RawRecord raw(long offset, byte[] value) {
        return new RawRecord("events", 0, offset, 1_795_400_000_000L, null, value);
    }

    static <T> List<T> drain(CloseableIterator<T> it) throws Exception {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        it.close();
        return out;
    }

    @Test
    @Timeout(120)
    void boundedInputComesOutAsVerdictsDeadLettersAndFairnessRows() throws Exception {
        JobConfig config = PipelineFixture.config("localhost:1", JobConfig.DeliveryGuarantee.AT_LEAST_ONCE);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        List<RawRecord> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String text = i % 4 == 0 ? "you are a pathetic idiot" : "a friendly answer " + i;
            events.add(raw(i, TestEvents.jsonEvent("ev-" + i, text, Map.of("dialect", i % 2 == 0 ? "aae" : "sae"), i)));
        }
        events.add(raw(20, "not json".getBytes(StandardCharsets.UTF_8)));
        events.add(raw(21, TestEvents.jsonEvent("ev-3", "a retried duplicate", Map.of(), 3)));
        List<RawRecord> labels = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            labels.add(new RawRecord("labels", 0, i, 0, null, TestEvents.label("ev-" + i, i % 4 == 0)));
        }
        DataStream<RawRecord> rawEvents = env.fromData(events, TypeInformation.of(RawRecord.class));
        DataStream<RawRecord> rawLabels = env.fromData(labels, TypeInformation.of(RawRecord.class));

        ModerationPipeline.Outputs out = ModerationPipeline.of(config).defineWorkflow(rawEvents, rawLabels);
        CloseableIterator<Verdict> verdicts = out.verdicts().collectAsync();
        CloseableIterator<DeadLetter> deadLetters = out.deadLetters().collectAsync();
        CloseableIterator<FairnessStats> fairness = out.fairness().collectAsync();
        env.execute("workflow-test");

        List<Verdict> v = drain(verdicts);
        assertThat(v).hasSize(20);
        assertThat(v).filteredOn(x -> x.getEventId().equals("ev-0")).singleElement()
                .satisfies(x -> assertThat(x.getDecision()).isNotEqualTo(Decision.ALLOW));
        assertThat(v).filteredOn(x -> x.getEventId().equals("ev-1")).singleElement()
                .satisfies(x -> assertThat(x.getDecision()).isEqualTo(Decision.ALLOW));
        assertThat(drain(deadLetters)).extracting(DeadLetter::getErrorCode).containsExactlyInAnyOrder("NOT_DECODABLE", "DUPLICATE_EVENT_ID");
        List<FairnessStats> rows = drain(fairness);
        assertThat(rows).extracting(FairnessStats::getGroup).contains("aae", "sae");
        long labelled = rows.stream().filter(r -> r.getDimension().equals("dialect")).mapToLong(FairnessStats::getLabelled).sum();
        assertThat(labelled).isEqualTo(20);
    }
}
