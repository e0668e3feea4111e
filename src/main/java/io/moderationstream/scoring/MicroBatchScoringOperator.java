package io.moderationstream.scoring;

import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.io.ValidatedEvent;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one scoring branch. Events are collected into micro-batches that are scored when the batch is full, when the
 * oldest event has waited {@code maxDelay}, before a watermark is forwarded, before a checkpoint barrier
 * ({@link #prepareSnapshotPreBarrier}) and at end of input. Flushing before the barrier means the batch is always
 * empty when state is snapshotted: nothing buffered can be lost on failure, and no buffered state must be restored.
 */
public class MicroBatchScoringOperator extends AbstractStreamOperator<PartialScore>
        implements OneInputStreamOperator<ValidatedEvent, PartialScore> {
    private static final long serialVersionUID = 1L;

    private final ScorerFactory factory;
    private final int maxBatchSize;
    private final long maxDelayMillis;

    private transient BatchScorer scorer;
    private transient List<GeneratedContent> batch;
    private transient long flushTimerAt;
    private transient ScoringMetrics metrics;
    private transient Histogram batchSizes;

    public MicroBatchScoringOperator(ScorerFactory factory, int maxBatchSize, Duration maxDelay) {
        this.factory = factory;
        this.maxBatchSize = Math.max(1, maxBatchSize);
        this.maxDelayMillis = Math.max(0, maxDelay.toMillis());
    }

    @Override
    public void open() throws Exception {
        super.open();
        scorer = ScorerFactories.createOrFailJob(factory, BatchScorer.class, getOperatorConfig().getOperatorName());
        batch = new ArrayList<>(maxBatchSize);
        flushTimerAt = -1;
        metrics = new ScoringMetrics(getMetricGroup());
        scorer.registerMetrics(getMetricGroup());
        batchSizes = getMetricGroup().histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
    }

    @Override
    public void processElement(StreamRecord<ValidatedEvent> element) throws Exception {
        batch.add(element.getValue().content);
        if (batch.size() >= maxBatchSize) {
            flush();
        } else if (flushTimerAt < 0) {
            long now = getProcessingTimeService().getCurrentProcessingTime();
            flushTimerAt = now + maxDelayMillis;
            getProcessingTimeService().registerTimer(flushTimerAt, this::onFlushTimer);
        }
    }

    private void onFlushTimer(long timestamp) throws Exception {
        if (timestamp == flushTimerAt) {
            flush();
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        try {
            if (scorer != null) {
                scorer.close();
            }
        } finally {
            super.close();
        }
    }

    private void flush() throws Exception {
        flushTimerAt = -1;
        if (batch.isEmpty()) {
            return;
        }
        List<GeneratedContent> events = batch;
        batch = new ArrayList<>(maxBatchSize);
        long start = System.nanoTime();
        List<ScorerResult> results = scoreIsolatingFailures(events);
        long nanos = System.nanoTime() - start;
        double perEventMillis = nanos / 1e6 / events.size();
        for (int i = 0; i < events.size(); i++) {
            ScorerResult result = results.get(i);
            result.setLatencyMs(perEventMillis);
            output.collect(new StreamRecord<>(new PartialScore(events.get(i).getEventId(), result)));
        }
        metrics.scored.inc(events.size());
        batchSizes.update(events.size());
        metrics.latency.update(nanos);
    }

    /** A failed batch is retried one event at a time so that one bad event cannot cost the others their scores. */
    private List<ScorerResult> scoreIsolatingFailures(List<GeneratedContent> events) {
        try {
            List<ScorerResult> results = scorer.score(events);
            if (results.size() != events.size()) {
                throw new FatalScorerException(scorer.id() + " scorer returned " + results.size()
                        + " results for " + events.size() + " events");
            }
            return results;
        } catch (FatalScorerException e) {
            throw e;
        } catch (Exception | StackOverflowError batchFailure) {
            if (events.size() == 1) {
                metrics.errors.inc();
                return List.of(ScorerResults.error(scorer.id(), ScorerResults.describe(batchFailure)));
            }
            List<ScorerResult> results = new ArrayList<>(events.size());
            for (GeneratedContent event : events) {
                results.addAll(scoreIsolatingFailures(List.of(event)));
            }
            return results;
        }
    }
}
