package io.moderationstream.fairness;

import io.moderationstream.avro.Decision;
import io.moderationstream.scoring.ScorerRegistry;

/**
 * The incremental aggregate of one group in one window: O(1) memory whatever the number of events (the distribution
 * score's quantiles come from a fixed 100-bin histogram; one flagged and one scored count per registered scorer).
 */
public class GroupCounts {
    public static final int BINS = 100;

    public long count;
    public long allowed;
    public long review;
    public long blocked;
    /** Verdicts each scorer flagged, by its registry index. */
    public long[] flaggedBy = new long[ScorerRegistry.get().plugins().size()];
    /** Verdicts each scorer scored (status OK), by its registry index. */
    public long[] scoredBy = new long[ScorerRegistry.get().plugins().size()];
    public long degraded;
    public double scoreSum;
    public long scoreCount;
    public long[] scoreHistogram = new long[BINS];
    public long tp;
    public long fp;
    public long tn;
    public long fn;

    public GroupCounts() {}

    public void add(Observation o) {
        add(o.kind, o.decision, o.flagged, o.flaggedBy, o.scoredBy, o.degraded, o.score, o.labelToxic, o.weight);
    }

    public void add(GroupObservation o) {
        add(o.kind, o.decision, o.flagged, o.flaggedBy, o.scoredBy, o.degraded, o.score, o.labelToxic, o.weight);
    }

    private void add(Observation.Kind kind, Decision decision, boolean flagged, int flaggedBits, int scoredBits, boolean degradedVerdict,
                     double score, boolean labelToxic, int w) {
        if (kind == Observation.Kind.VERDICT) {
            count += w;
            switch (decision) {
                case ALLOW -> allowed += w;
                case REVIEW -> review += w;
                case BLOCK -> blocked += w;
            }
            for (int i = 0; i < flaggedBy.length; i++) {
                flaggedBy[i] += (flaggedBits >>> i & 1) * w;
                scoredBy[i] += (scoredBits >>> i & 1) * w;
            }
            degraded += degradedVerdict ? w : 0;
            if (score >= 0) {
                scoreSum += w * score;
                scoreCount += w;
                scoreHistogram[Math.min(BINS - 1, (int) (score * BINS))] += w;
            }
        } else if (flagged) {
            if (labelToxic) {
                tp += w;
            } else {
                fp += w;
            }
        } else if (labelToxic) {
            fn += w;
        } else {
            tn += w;
        }
    }

    public GroupCounts merge(GroupCounts other) {
        count += other.count;
        allowed += other.allowed;
        review += other.review;
        blocked += other.blocked;
        for (int i = 0; i < flaggedBy.length; i++) {
            flaggedBy[i] += other.flaggedBy[i];
            scoredBy[i] += other.scoredBy[i];
        }
        degraded += other.degraded;
        scoreSum += other.scoreSum;
        scoreCount += other.scoreCount;
        for (int i = 0; i < BINS; i++) {
            scoreHistogram[i] += other.scoreHistogram[i];
        }
        tp += other.tp;
        fp += other.fp;
        tn += other.tn;
        fn += other.fn;
        return this;
    }

    public long flagged() {
        return review + blocked;
    }

    public long labelled() {
        return tp + fp + tn + fn;
    }

    /** Upper edge of the histogram bin holding quantile q, or null without scores. */
    public Double scoreQuantile(double q) {
        if (scoreCount <= 0) {
            return null;
        }
        long rank = (long) Math.ceil(q * scoreCount);
        long seen = 0;
        for (int i = 0; i < BINS; i++) {
            seen += scoreHistogram[i];
            if (seen >= Math.max(1, rank)) {
                return (i + 1) / (double) BINS;
            }
        }
        return 1.0;
    }
}
