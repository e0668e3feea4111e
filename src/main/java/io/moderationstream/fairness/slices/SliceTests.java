package io.moderationstream.fairness.slices;

import io.moderationstream.avro.SliceDefinition;
import io.moderationstream.avro.SliceMetricName;
import io.moderationstream.avro.SliceResult;
import io.moderationstream.avro.SliceSource;
import io.moderationstream.avro.SliceStatus;
import io.moderationstream.fairness.Wilson;
import org.apache.commons.math3.distribution.NormalDistribution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The statistics of submitted slices over one stretch of event time: each slice against the rest, Wilson intervals,
 * two-sided two-proportion z-tests and Benjamini–Hochberg across the slices and metrics. The stream's evaluator runs
 * it per window; the audit report over a whole file.
 */
public final class SliceTests {
    private static final NormalDistribution NORMAL = new NormalDistribution();

    private SliceTests() {}

    /** Every active slice and metric of one window, with Benjamini–Hochberg across the window's tests. */
    public static List<SliceResult> evaluate(Iterable<SliceDefinition> definitions, Map<String, SliceCounts> counts, SliceCounts total,
                                             long windowStart, long end, int rev, long now, double z, double falseDiscoveryRate) {
        SliceCounts whole = total == null ? new SliceCounts() : total;
        List<SliceResult.Builder> results = new ArrayList<>();
        List<SliceResult.Builder> tested = new ArrayList<>();
        for (SliceDefinition d : definitions) {
            SliceCounts c = counts.getOrDefault(d.getSliceId(), new SliceCounts());
            for (SliceMetricName metric : d.getMetrics()) {
                long[] mine = c.trialsAndHits(metric);
                long[] all = whole.trialsAndHits(metric);
                long n = mine[0];
                long x = mine[1];
                long nc = all[0] - n;
                long xc = all[1] - x;
                SliceResult.Builder r = SliceResult.newBuilder().setSliceId(d.getSliceId()).setSource(SliceSource.SUBMITTED)
                        .setSubmittedBy(d.getSubmittedBy()).setWindowStart(Instant.ofEpochMilli(windowStart))
                        .setWindowEnd(Instant.ofEpochMilli(end)).setMetric(metric).setCount(n).setComplementCount(nc)
                        .setRevision(rev).setEmittedAt(Instant.ofEpochMilli(now)).setStatus(SliceStatus.INSUFFICIENT_DATA);
                if (n > 0) {
                    double[] ci = Wilson.interval(x, n, z);
                    r.setValue((double) x / n).setCiLow(ci[0]).setCiHigh(ci[1]);
                }
                if (nc > 0) {
                    r.setComplementValue((double) xc / nc);
                }
                if (n >= d.getMinSample() && nc >= d.getMinSample()) {
                    r.setPValue(twoSidedP(x, n, xc, nc));
                    tested.add(r);
                }
                results.add(r);
            }
        }
        // Benjamini–Hochberg step-up over the window's tests.
        tested.sort(Comparator.comparingDouble(SliceResult.Builder::getPValue));
        int m = tested.size();
        double running = 1.0;
        for (int i = m - 1; i >= 0; i--) {
            running = Math.min(running, tested.get(i).getPValue() * m / (i + 1));
            SliceResult.Builder r = tested.get(i);
            r.setQValue(running).setStatus(running <= falseDiscoveryRate ? SliceStatus.DISPARITY : SliceStatus.NO_DISPARITY);
        }
        return results.stream().map(SliceResult.Builder::build).toList();
    }

    static double twoSidedP(long x, long n, long xc, long nc) {
        double p = (double) x / n;
        double pc = (double) xc / nc;
        double pooled = (double) (x + xc) / (n + nc);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n + 1.0 / nc));
        if (se == 0) {
            return p == pc ? 1.0 : 0.0;
        }
        return 2 * (1 - NORMAL.cumulativeProbability(Math.abs(p - pc) / se));
    }
}
