package io.moderationstream.scoring;

import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.ScorerResult;

import java.util.List;

/**
 * One scoring capability. Created once per parallel subtask (in the operator's {@code open()}), used by one thread
 * only, closed with the operator. Implementations may be slow to create (models, indexes) but must be quick per batch.
 */
public interface Scorer extends AutoCloseable {

    ScorerName name();

    /**
     * Scores a micro-batch. Returns one result per event, in order. A problem with one event should become that
     * event's {@code ERROR} result; an exception fails the batch, which is then retried event by event, and a
     * {@link FatalScorerException} fails the task so that Flink restarts it from the last checkpoint.
     */
    List<ScorerResult> score(List<GeneratedContent> events) throws Exception;

    /** Registers the scorer's own metrics (cache hit rates, ...) under its operator's metric group. */
    default void registerMetrics(org.apache.flink.metrics.MetricGroup group) {}

    @Override
    default void close() throws Exception {}
}
