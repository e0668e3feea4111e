package io.moderationstream.fairness.slices;

import io.moderationstream.avro.SliceMetricName;
import io.moderationstream.fairness.Observation;

/**
 * The rate a slice is judged on. Each is a proportion of trials, and higher is worse for the slice's members:
 * being flagged, being flagged although the text is not toxic, being let through although it is.
 */
public enum SliceMetric {
    /** Flagged verdicts among all verdicts. */
    FLAG_RATE,
    /** Flagged among verdicts whose ground truth is not toxic (needs labels). */
    FPR,
    /** Allowed among verdicts whose ground truth is toxic (needs labels). */
    FNR;

    /** Whether the verdict is a trial of this metric; {@code label} is null without ground truth. */
    public boolean isTrial(Observation verdict, Boolean label) {
        return switch (this) {
            case FLAG_RATE -> true;
            case FPR -> Boolean.FALSE.equals(label);
            case FNR -> Boolean.TRUE.equals(label);
        };
    }

    /** Whether the trial counts against the slice (the numerator). */
    public boolean isFailure(Observation verdict) {
        return this == FNR ? !verdict.flagged : verdict.flagged;
    }

    public boolean needsLabels() {
        return this != FLAG_RATE;
    }

    /** The same metric in the slice schemas. */
    public SliceMetricName schemaName() {
        return switch (this) {
            case FLAG_RATE -> SliceMetricName.FLAG_RATE;
            case FPR -> SliceMetricName.FPR;
            case FNR -> SliceMetricName.FNR;
        };
    }

    /** The name used on the command line and in the output. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
