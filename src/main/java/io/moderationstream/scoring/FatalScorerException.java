package io.moderationstream.scoring;

/**
 * The scorer itself is broken (model crashed, native memory gone), not the event: the task fails and Flink restarts it
 * from the last checkpoint instead of marking events as errors forever.
 */
public class FatalScorerException extends RuntimeException {
    public FatalScorerException(String message, Throwable cause) {
        super(message, cause);
    }

    public FatalScorerException(String message) {
        super(message);
    }
}
