package io.moderationstream.scoring;

import org.apache.flink.metrics.MetricGroup;

/**
 * One scoring capability, in one of two variants: {@link BatchScorer} (scores micro-batches on the task thread) or
 * {@link AsyncScorer} (answers each event with a future, for remote look-ups). Created once per parallel subtask
 * (in the operator's {@code open()}) by its {@link ScorerFactory}, closed with the operator.
 */
public interface Scorer extends AutoCloseable {

    /** The id of the scorer's plugin ({@link ScorerPlugin#id()}): its results carry it. */
    String id();

    /** Registers the scorer's own metrics (cache hit rates, ...) under its operator's metric group. */
    default void registerMetrics(MetricGroup group) {}

    @Override
    default void close() throws Exception {}
}
