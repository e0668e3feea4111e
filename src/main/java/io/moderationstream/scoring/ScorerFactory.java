package io.moderationstream.scoring;

import java.io.Serializable;
import java.time.Duration;

/**
 * Shipped with the job graph; creates the (non-serializable) scorer inside each subtask. {@link #execution()} tells
 * the branch builder, when the graph is built, which operator runs the scorer it will create.
 */
@FunctionalInterface
public interface ScorerFactory extends Serializable {

    Scorer create() throws Exception;

    default Execution execution() {
        return Execution.BATCHED;
    }

    /** How a branch runs its scorer: micro-batched on the task thread, or through Async I/O with a per-event timeout. */
    record Execution(Mode mode, Duration timeout, int capacity) implements Serializable {
        public static final Execution BATCHED = new Execution(Mode.BATCHED, Duration.ZERO, 0);

        public static Execution async(Duration timeout, int capacity) {
            return new Execution(Mode.ASYNC, timeout, capacity);
        }
    }

    enum Mode { BATCHED, ASYNC }
}
