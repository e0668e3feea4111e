package io.moderationstream.scoring;

import java.io.Serializable;

/** Shipped with the job graph; creates the (non-serializable) scorer inside each subtask. */
@FunctionalInterface
public interface ScorerFactory extends Serializable {
    Scorer create() throws Exception;
}
