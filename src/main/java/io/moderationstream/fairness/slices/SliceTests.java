package io.moderationstream.fairness.slices;

import io.moderationstream.avro.BestGroup;
import io.moderationstream.avro.SliceDefinition;
import io.moderationstream.avro.SliceMetricName;
import io.moderationstream.avro.SliceResult;
import io.moderationstream.avro.SliceSource;
import io.moderationstream.avro.SliceStatus;
import io.moderationstream.fairness.Wilson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statistics of slices over one stretch of event time. Submitted slices: each against the rest (Wilson intervals,
 * two-sided two-proportion z-tests, Benjamini–Hochberg across the slices and metrics) and against the best-treated
 * group of its dimensions. Discovered slices: the top k of {@link SliceDiscovery#rank} per metric. The stream's
 * evaluator runs both per window; the audit report the first over a whole file.
 */
public final class SliceTests {

    private SliceTests() {}

    /**
     * Every active slice and metric of one window, with Benjamini–Hochberg across the window's tests. {@code single}
     * holds the counts of each single attribute value (order-1 slices) of the window, for the best-treated group.
     */
    public static List<SliceResult> evaluate(Iterable<SliceDefinition> definitions, Map<String, SliceCounts> counts, SliceCounts total,
                                             Map<Slice, SliceCounts> single, long windowStart, long end, int rev, long now,
                                             double z, double falseDiscoveryRate) {
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
                        .setRevision(rev).setEmittedAt(Instant.ofEpochMilli(now)).setStatus(SliceStatus.INSUFFICIENT_DATA)
                        .setPredicate(d.getPredicate());
                if (n > 0) {
                    double[] ci = Wilson.interval(x, n, z);
                    r.setValue((double) x / n).setCiLow(ci[0]).setCiHigh(ci[1]);
                }
                if (nc > 0) {
                    r.setComplementValue((double) xc / nc);
                }
                if (n > 0 && nc > 0) {
                    r.setDisparityCiLow(higherIsBetter(metric)
                            ? Wilson.differenceLowerBound(xc, nc, x, n, z) : Wilson.differenceLowerBound(x, n, xc, nc, z));
                }
                r.setBestGroup(bestGroup(d, metric, single, x, n));
                if (n >= d.getMinSample() && nc >= d.getMinSample()) {
                    r.setPValue(ProportionTests.twoSidedP(x, n, xc, nc));
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

    /**
     * The top {@code topK} slices of each metric that {@link SliceDiscovery#rank} finds in one window's counts
     * (every conjunction counted there), as DISCOVERED results, worst first.
     */
    public static List<SliceResult> discovered(Map<Slice, SliceCounts> conjunctions, SliceCounts total, List<SliceMetric> metrics,
                                               int minSample, int topK, long windowStart, long end, int rev, long now,
                                               double z, double falseDiscoveryRate) {
        SliceCounts whole = total == null ? new SliceCounts() : total;
        List<SliceResult> results = new ArrayList<>();
        for (SliceMetric metric : metrics) {
            SliceMetricName name = metric.schemaName();
            Map<Slice, long[]> trialsAndFailures = new HashMap<>();
            conjunctions.forEach((slice, c) -> trialsAndFailures.put(slice, c.trialsAndHits(name)));
            long[] all = whole.trialsAndHits(name);
            List<SliceDiscovery.Finding> ranked = SliceDiscovery.rank(trialsAndFailures, all[0], all[1], metric, minSample, z, falseDiscoveryRate);
            for (int i = 0; i < Math.min(topK, ranked.size()); i++) {
                SliceDiscovery.Finding f = ranked.get(i);
                results.add(SliceResult.newBuilder().setSliceId("discovered:" + f.slice().displayName()).setSource(SliceSource.DISCOVERED)
                        .setWindowStart(Instant.ofEpochMilli(windowStart)).setWindowEnd(Instant.ofEpochMilli(end))
                        .setMetric(name).setCount(f.count()).setValue(f.value()).setCiLow(f.ciLow()).setCiHigh(f.ciHigh())
                        .setComplementCount(f.referenceCount()).setComplementValue(f.referenceValue()).setPValue(f.pValue())
                        .setQValue(f.qValue()).setStatus(f.significant() ? SliceStatus.DISPARITY : SliceStatus.NO_DISPARITY)
                        .setRevision(rev).setEmittedAt(Instant.ofEpochMilli(now)).setPredicate(f.slice().toPredicate())
                        .setDisparityCiLow(f.disparityCiLow()).setRank(i + 1).build());
            }
        }
        return results;
    }

    /**
     * The best-treated group of the dimensions (groups, tenant, model) the definition conditions on: the lowest rate
     * (highest precision) among their values with at least min_sample trials; ties go to the larger group, then the
     * name. Null when there is none.
     */
    static BestGroup bestGroup(SliceDefinition d, SliceMetricName metric, Map<Slice, SliceCounts> single, long x, long n) {
        if (single == null) {
            return null;
        }
        Set<String> fields = new HashSet<>();
        d.getPredicate().forEach(c -> fields.add(c.getField()));
        Slice.Condition best = null;
        long[] bestCounts = null;
        for (var e : single.entrySet()) {
            if (e.getKey().order() != 1 || !fields.contains(e.getKey().conditions().get(0).field())) {
                continue;
            }
            long[] c = e.getValue().trialsAndHits(metric);
            if (c[0] < d.getMinSample()) {
                continue;
            }
            Slice.Condition group = e.getKey().conditions().get(0);
            if (best == null || better(metric, c, bestCounts, group, best)) {
                best = group;
                bestCounts = c;
            }
        }
        if (best == null) {
            return null;
        }
        return BestGroup.newBuilder().setField(best.field()).setValue(best.value()).setCount(bestCounts[0])
                .setRate((double) bestCounts[1] / bestCounts[0])
                .setPValue(n > 0 ? ProportionTests.twoSidedP(x, n, bestCounts[1], bestCounts[0]) : null).build();
    }

    private static boolean better(SliceMetricName metric, long[] c, long[] than, Slice.Condition group, Slice.Condition other) {
        int byRate = Long.compare(c[1] * than[0], than[1] * c[0]); // c's rate vs than's, without division
        if (byRate != 0) {
            return higherIsBetter(metric) ? byRate > 0 : byRate < 0;
        }
        if (c[0] != than[0]) {
            return c[0] > than[0];
        }
        int byField = group.field().compareTo(other.field());
        return byField != 0 ? byField < 0 : group.value().compareTo(other.value()) < 0;
    }

    private static boolean higherIsBetter(SliceMetricName metric) {
        return metric == SliceMetricName.PRECISION;
    }
}
