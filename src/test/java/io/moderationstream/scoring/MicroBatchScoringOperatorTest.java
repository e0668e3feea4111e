package io.moderationstream.scoring;

import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.avro.ScorerStatus;
import io.moderationstream.io.ValidatedEvent;
import io.moderationstream.testing.TestEvents;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The micro-batching operator with Flink's operator test harness: when it flushes, and what one bad event costs. */
class MicroBatchScoringOperatorTest {
    /** Batch sizes the scorer saw, across the harness's (same-JVM) operator instances. */
    static final List<Integer> BATCHES = new CopyOnWriteArrayList<>();

    /** Scores every event 1.0, and fails any batch holding an event whose completion says "boom". */
    static final class RecordingScorer implements BatchScorer {
        @Override
        public String id() {
            return "toxicity";
        }

        @Override
        public List<ScorerResult> score(List<GeneratedContent> events) {
            BATCHES.add(events.size());
            List<ScorerResult> out = new ArrayList<>();
            for (GeneratedContent e : events) {
                if (e.getCompletion().contains("boom")) {
                    throw new IllegalStateException("cannot score " + e.getEventId());
                }
                out.add(ScorerResults.ok(id(), Map.of("toxicity", 1.0), List.of()));
            }
            return out;
        }
    }

    private OneInputStreamOperatorTestHarness<ValidatedEvent, PartialScore> harness;

    static OneInputStreamOperatorTestHarness<ValidatedEvent, PartialScore> harness(int batchSize) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                new MicroBatchScoringOperator(RecordingScorer::new, batchSize, Duration.ofMillis(100)));
    }

    static StreamRecord<ValidatedEvent> event(String id, String completion) {
        return new StreamRecord<>(new ValidatedEvent(TestEvents.event(id, completion, Map.of(), 0), "events", 0, 0, 0), 0);
    }

    List<String> scoredIds() {
        return harness.extractOutputValues().stream().map(p -> p.eventId).toList();
    }

    @BeforeEach
    void open() throws Exception {
        BATCHES.clear();
        harness = harness(3);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void flushesWhenTheBatchIsFull() throws Exception {
        harness.processElement(event("a", "x"));
        harness.processElement(event("b", "x"));
        assertThat(scoredIds()).isEmpty();
        harness.processElement(event("c", "x"));
        assertThat(scoredIds()).containsExactly("a", "b", "c");
        assertThat(BATCHES).containsExactly(3);
    }

    @Test
    void flushesWhenTheOldestEventHasWaitedMaxDelay() throws Exception {
        harness.setProcessingTime(1_000);
        harness.processElement(event("a", "x"));
        harness.setProcessingTime(1_099);
        assertThat(scoredIds()).isEmpty();
        harness.setProcessingTime(1_100);
        assertThat(scoredIds()).containsExactly("a");
    }

    @Test
    void flushesBeforeForwardingAWatermark() throws Exception {
        harness.processElement(event("a", "x"));
        harness.processWatermark(new Watermark(42));
        List<Object> output = new ArrayList<>(harness.getOutput());
        assertThat(output).hasSize(2);
        assertThat(output.get(0)).isInstanceOf(StreamRecord.class);
        assertThat(output.get(1)).isEqualTo(new Watermark(42));
    }

    @Test
    void flushesBeforeTheBarrierSoNothingBufferedIsInTheSnapshot() throws Exception {
        harness.processElement(event("a", "x"));
        harness.processElement(event("b", "x"));
        harness.prepareSnapshotPreBarrier(1);
        assertThat(scoredIds()).containsExactly("a", "b");
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = harness(3);
        harness.initializeState(snapshot);
        harness.open();
        harness.getOperator().finish();
        assertThat(harness.extractOutputValues()).as("a restored operator re-emits nothing").isEmpty();
    }

    @Test
    void flushesWhenTheInputFinishes() throws Exception {
        harness.processElement(event("a", "x"));
        harness.getOperator().finish();
        assertThat(scoredIds()).containsExactly("a");
    }

    @Test
    void aFailedBatchIsRetriedEventByEventSoOnlyTheBadEventGetsAnError() throws Exception {
        harness.processElement(event("a", "x"));
        harness.processElement(event("bad", "boom"));
        harness.processElement(event("c", "x"));
        List<PartialScore> out = harness.extractOutputValues();
        assertThat(out).extracting(p -> p.eventId).containsExactly("a", "bad", "c");
        assertThat(out).extracting(p -> p.result.getStatus()).containsExactly(ScorerStatus.OK, ScorerStatus.ERROR, ScorerStatus.OK);
        assertThat(out.get(1).result.getMessage()).contains("IllegalStateException").contains("cannot score bad");
        assertThat(BATCHES).containsExactly(3, 1, 1, 1);
    }
}
