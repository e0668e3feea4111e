package io.moderationstream.fairness.slices;

import io.moderationstream.avro.SliceMetricName;
import io.moderationstream.fairness.Observation;

/**
 * What one slice (or a whole window) has seen in one window: verdicts and flags, and the confusion-matrix cells of
 * the labelled ones. Labels come and go with weights (+1, -1 on a correction), so the counts follow the stream's
 * current ground truth. O(1) memory.
 */
public class SliceCounts {
    public long verdicts;
    public long flagged;
    public long truePositives;
    public long falsePositives;
    public long trueNegatives;
    public long falseNegatives;

    public SliceCounts() {}

    public void add(Observation o) {
        long w = o.weight;
        if (o.kind == Observation.Kind.VERDICT) {
            verdicts += w;
            flagged += o.flagged ? w : 0;
        } else if (o.labelToxic) {
            truePositives += o.flagged ? w : 0;
            falseNegatives += o.flagged ? 0 : w;
        } else {
            falsePositives += o.flagged ? w : 0;
            trueNegatives += o.flagged ? 0 : w;
        }
    }

    /** Adds another's counts: a slice's counts are the sum of the counts of the cells inside it. */
    public void addAll(SliceCounts other) {
        verdicts += other.verdicts;
        flagged += other.flagged;
        truePositives += other.truePositives;
        falsePositives += other.falsePositives;
        trueNegatives += other.trueNegatives;
        falseNegatives += other.falseNegatives;
    }

    /** Trials and "hits" of a metric: {n, x}; the metric's value is x / n. */
    public long[] trialsAndHits(SliceMetricName metric) {
        return switch (metric) {
            case FLAG_RATE -> new long[] {verdicts, flagged};
            case FPR -> new long[] {falsePositives + trueNegatives, falsePositives};
            case FNR -> new long[] {truePositives + falseNegatives, falseNegatives};
            case PRECISION -> new long[] {truePositives + falsePositives, truePositives};
        };
    }
}
