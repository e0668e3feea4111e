package io.moderationstream.fairness;

import io.moderationstream.avro.FairnessStats;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Rates, Wilson intervals and disparity of every group of one dimension in one window, against the best-treated
 * group. The favourable outcome of moderation is not being flagged, so the four-fifths rule applies to pass rates
 * (pass_g / pass_best) and to false-positive rates (fpr_best / fpr_g). A disparity needs the ratio under the
 * threshold, statistical support (the intervals of the two groups do not overlap) and min_sample observations.
 */
public class DisparityCalculator implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int minSample;
    private final double threshold;
    private final double z;

    public DisparityCalculator(int minSample, double threshold, double z) {
        this.minSample = minSample;
        this.threshold = threshold;
        this.z = z;
    }

    public List<FairnessStats> compute(Collection<GroupWindowStats> groups, int revision, long now) {
        GroupWindowStats passReference = null;
        GroupWindowStats fprReference = null;
        for (GroupWindowStats g : groups) {
            GroupCounts c = g.counts;
            if (c.count >= minSample && (passReference == null || passRate(c) > passRate(passReference.counts)
                    || (passRate(c) == passRate(passReference.counts) && g.group.compareTo(passReference.group) < 0))) {
                passReference = g;
            }
            long negatives = c.fp + c.tn;
            if (negatives >= minSample && (fprReference == null || fpr(c) < fpr(fprReference.counts)
                    || (fpr(c) == fpr(fprReference.counts) && g.group.compareTo(fprReference.group) < 0))) {
                fprReference = g;
            }
        }
        List<FairnessStats> out = new ArrayList<>(groups.size());
        for (GroupWindowStats g : groups) {
            out.add(stats(g, passReference, fprReference, revision, now));
        }
        return out;
    }

    private FairnessStats stats(GroupWindowStats g, GroupWindowStats passRef, GroupWindowStats fprRef, int revision, long now) {
        GroupCounts c = g.counts;
        long flagged = c.flagged();
        double[] flagCi = Wilson.interval(flagged, c.count, z);
        long negatives = c.fp + c.tn;
        long positives = c.tp + c.fn;
        Double fpr = negatives > 0 ? (double) c.fp / negatives : null;
        double[] fprCi = negatives > 0 ? Wilson.interval(c.fp, negatives, z) : null;
        boolean belowMinSample = c.count < minSample;
        boolean disparity = false;

        FairnessStats.Builder b = FairnessStats.newBuilder()
                .setWindowStart(Instant.ofEpochMilli(g.windowStart))
                .setWindowEnd(Instant.ofEpochMilli(g.windowEnd))
                .setDimension(g.dimension)
                .setGroup(g.group)
                .setTenantId(g.tenantId)
                .setModelId(g.modelId)
                .setCount(c.count)
                .setAllowed(c.allowed)
                .setReview(c.review)
                .setBlocked(c.blocked)
                .setFlagged(flagged)
                .setFlagRate(c.count > 0 ? (double) flagged / c.count : 0.0)
                .setFlagRateCiLow(flagCi[0])
                .setFlagRateCiHigh(flagCi[1])
                .setPassRate(passRate(c))
                .setLabelled(c.labelled())
                .setTp(c.tp)
                .setFp(c.fp)
                .setTn(c.tn)
                .setFn(c.fn)
                .setFpr(fpr)
                .setFprCiLow(fprCi == null ? null : fprCi[0])
                .setFprCiHigh(fprCi == null ? null : fprCi[1])
                .setFnr(positives > 0 ? (double) c.fn / positives : null)
                .setPrecision(c.tp + c.fp > 0 ? (double) c.tp / (c.tp + c.fp) : null)
                .setBelowMinSample(belowMinSample)
                .setRevision(revision)
                .setEmittedAt(Instant.ofEpochMilli(now))
                .setDegraded(c.degraded)
                .setDegradedRate(c.count > 0 ? (double) c.degraded / c.count : 0.0);
        if (passRef != null && c.count > 0) {
            double refPass = passRate(passRef.counts);
            double ratio = refPass > 0 ? passRate(c) / refPass : 1.0;
            b.setReferenceGroup(passRef.group).setPassRateRatio(ratio).setPassRateDiff(passRate(c) - refPass);
            double[] mine = Wilson.interval(c.allowed, c.count, z);
            double[] ref = Wilson.interval(passRef.counts.allowed, passRef.counts.count, z);
            disparity |= !belowMinSample && ratio < threshold && mine[1] < ref[0];
        }
        if (fprRef != null && fpr != null) {
            double refFpr = fpr(fprRef.counts);
            double ratio = fpr > 0 ? refFpr / fpr : 1.0;
            b.setFprReferenceGroup(fprRef.group).setFprRatio(ratio).setFprDiff(fpr - refFpr);
            double[] ref = Wilson.interval(fprRef.counts.fp, fprRef.counts.fp + fprRef.counts.tn, z);
            disparity |= negatives >= minSample && ratio < threshold && fprCi[0] > ref[1];
        }
        FairnessStats row = b.setDisparity(disparity).build();
        ScorerColumns.fill(row, c);
        return row;
    }

    static double passRate(GroupCounts c) {
        return c.count > 0 ? (double) c.allowed / c.count : 0.0;
    }

    static double fpr(GroupCounts c) {
        long negatives = c.fp + c.tn;
        return negatives > 0 ? (double) c.fp / negatives : 0.0;
    }
}
