package io.moderationstream.fairness;

import io.moderationstream.avro.Decision;

/**
 * The incremental aggregate of one group in one window: O(1) memory whatever the number of events (toxicity
 * quantiles come from a fixed 100-bin histogram).
 */
public class GroupCounts {
    public static final int BINS = 100;

    public long count;
    public long allowed;
    public long review;
    public long blocked;
    public long toxicFlagged;
    public long citationFlagged;
    public long watermarkFlagged;
    public long citing;
    public long watermarkScored;
    public long degraded;
    public double toxicitySum;
    public long toxicityCount;
    public long[] toxicityHistogram = new long[BINS];
    public long tp;
    public long fp;
    public long tn;
    public long fn;

    public GroupCounts() {}

    public void add(Observation o) {
        add(o.kind, o.decision, o.flagged, o.toxicFlagged, o.citationFlagged, o.watermarkFlagged, o.toxicity, o.labelToxic, o.weight);
        if (o.kind == Observation.Kind.VERDICT) {
            addSignals(o.citing, o.watermarkScored, o.degraded, o.weight);
        }
    }

    public void add(GroupObservation o) {
        add(o.kind, o.decision, o.flagged, o.toxicFlagged, o.citationFlagged, o.watermarkFlagged, o.toxicity, o.labelToxic, o.weight);
        if (o.kind == Observation.Kind.VERDICT) {
            addSignals(o.citing, o.watermarkScored, o.degraded, o.weight);
        }
    }

    /** The denominators of the cross-signal rates: events that cite anything, that carry tokens, that lack a scorer. */
    private void addSignals(boolean cites, boolean scoredForWatermark, boolean degradedVerdict, int w) {
        citing += cites ? w : 0;
        watermarkScored += scoredForWatermark ? w : 0;
        degraded += degradedVerdict ? w : 0;
    }

    private void add(Observation.Kind kind, Decision decision, boolean flagged, boolean toxic, boolean citation, boolean watermark,
                     double toxicity, boolean labelToxic, int w) {
        if (kind == Observation.Kind.VERDICT) {
            count += w;
            switch (decision) {
                case ALLOW -> allowed += w;
                case REVIEW -> review += w;
                case BLOCK -> blocked += w;
            }
            toxicFlagged += toxic ? w : 0;
            citationFlagged += citation ? w : 0;
            watermarkFlagged += watermark ? w : 0;
            if (toxicity >= 0) {
                toxicitySum += w * toxicity;
                toxicityCount += w;
                toxicityHistogram[Math.min(BINS - 1, (int) (toxicity * BINS))] += w;
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
        toxicFlagged += other.toxicFlagged;
        citationFlagged += other.citationFlagged;
        watermarkFlagged += other.watermarkFlagged;
        citing += other.citing;
        watermarkScored += other.watermarkScored;
        degraded += other.degraded;
        toxicitySum += other.toxicitySum;
        toxicityCount += other.toxicityCount;
        for (int i = 0; i < BINS; i++) {
            toxicityHistogram[i] += other.toxicityHistogram[i];
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
    public Double toxicityQuantile(double q) {
        if (toxicityCount <= 0) {
            return null;
        }
        long rank = (long) Math.ceil(q * toxicityCount);
        long seen = 0;
        for (int i = 0; i < BINS; i++) {
            seen += toxicityHistogram[i];
            if (seen >= Math.max(1, rank)) {
                return (i + 1) / (double) BINS;
            }
        }
        return 1.0;
    }
}
