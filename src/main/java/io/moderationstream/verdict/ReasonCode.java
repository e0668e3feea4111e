package io.moderationstream.verdict;

import io.moderationstream.scoring.ScorerName;

/**
 * Why a verdict is not ALLOW (or is degraded): the {@code reasons[].code} of a verdict is this enum's name. A code
 * that a scorer's result triggers names that scorer, so consumers such as fairness tell which scorer flagged an
 * event from the code, never by matching strings.
 */
public enum ReasonCode {
    TOXICITY_BLOCK(ScorerName.TOXICITY, true),
    TOXICITY_REVIEW(ScorerName.TOXICITY, true),
    FABRICATED_CITATION(ScorerName.CITATIONS, true),
    WATERMARK_DETECTED(ScorerName.WATERMARK, true),
    /** A scorer gave no result in time or skipped the event; says nothing about the content. */
    SCORER_DEGRADED(null, false),
    /** A scorer failed on this event; says nothing about the content. */
    SCORER_ERROR(null, false);

    private final ScorerName flaggedBy;
    private final boolean contentFlag;

    ReasonCode(ScorerName flaggedBy, boolean contentFlag) {
        this.flaggedBy = flaggedBy;
        this.contentFlag = contentFlag;
    }

    /** The scorer whose finding about the content this code reports; null for operational codes. */
    public ScorerName flaggedBy() {
        return flaggedBy;
    }

    public boolean isContentFlag() {
        return contentFlag;
    }

    /** The code of a verdict's reason, or null for a code this version does not know (a newer producer's). */
    public static ReasonCode parse(CharSequence code) {
        try {
            return valueOf(code.toString());
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }
}
