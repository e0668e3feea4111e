package io.moderationstream.scoring;

import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.ScorerResult;

import java.util.List;

/**
 * A scorer that runs on the task thread over micro-batches ({@link MicroBatchScoringOperator}). Implementations may
 * be slow to create (models, indexes) but must be quick per batch; used by one thread only.
 */
public interface BatchScorer extends Scorer {

    /**
     * Scores a micro-batch. Returns one result per event, in order. A problem with one event should become that
     * event's {@code ERROR} result; an exception fails the batch, which is then retried event by event, and a
     * {@link FatalScorerException} fails the task so that Flink restarts it from the last checkpoint.
     */
    List<ScorerResult> score(List<GeneratedContent> events) throws Exception;
}
