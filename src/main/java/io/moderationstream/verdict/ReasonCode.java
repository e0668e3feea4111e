package io.moderationstream.verdict;

/**
 * The policy's own reason codes: a scorer that gave no usable answer. They say nothing about the content. The codes
 * of content findings belong to the scorers ({@link io.moderationstream.scoring.ScorerPlugin#reasonCodes()}), and
 * {@link io.moderationstream.scoring.ScorerRegistry#scorerOfReasonCode} tells which scorer flagged an event, never
 * string matching.
 */
public enum ReasonCode {
    /** A scorer gave no result in time or skipped the event. */
    SCORER_DEGRADED,
    /** A scorer failed on this event. */
    SCORER_ERROR
}
