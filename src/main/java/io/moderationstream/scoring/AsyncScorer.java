package io.moderationstream.scoring;

import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.ScorerResult;

import java.util.concurrent.CompletableFuture;

/**
 * A scorer whose answer arrives later (remote services), run through Flink Async I/O ({@link AsyncScoringFunction}).
 * {@link #score} is called on the task thread and must not block; the future may complete on any thread.
 */
public interface AsyncScorer extends Scorer {

    /**
     * Starts scoring one event. An exception thrown here or a future completed exceptionally gives that event an
     * {@code ERROR} result; a {@link FatalScorerException} thrown here fails the task.
     */
    CompletableFuture<ScorerResult> score(GeneratedContent event) throws Exception;

    /** The event's answer once its time is up: what is known without the calls still pending. */
    ScorerResult timedOut(GeneratedContent event) throws Exception;
}
