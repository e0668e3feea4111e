package io.moderationstream.scoring;

import io.moderationstream.metrics.SecondsHistogram;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/** The metrics every scoring branch reports, whichever operator runs it. Thread-safe (Async I/O callbacks). */
final class ScoringMetrics {
    final Counter scored;
    final Counter errors;
    /** Time spent scoring one batch (an asynchronous branch scores batches of one event). */
    final SecondsHistogram latency;

    ScoringMetrics(MetricGroup group) {
        scored = group.counter("eventsScored", new ThreadSafeSimpleCounter());
        group.meter("eventsScoredPerSecond", new MeterView(scored));
        errors = group.counter("scoringErrors", new ThreadSafeSimpleCounter());
        latency = group.histogram("batchLatencySeconds", new SecondsHistogram(1000));
    }
}
