package io.moderationstream.fairness.slices;

import io.moderationstream.avro.SliceDefinition;
import io.moderationstream.avro.SliceMetricName;
import io.moderationstream.avro.SliceResult;
import io.moderationstream.avro.SliceSource;
import io.moderationstream.avro.SliceStatus;
import io.moderationstream.fairness.Wilson;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates submitted slices per fairness window (keyed by window start). Definitions arrive on the slices topic as
 * broadcast state, so they are added, changed and retired while the job runs and are kept in checkpoints and
 * savepoints; definitions from a file ({@code fairness.slices_file}) are the starting set, overridden by the topic.
 * For every active slice and metric: the slice's rate with its Wilson interval, the complement's (the rest of the
 * window), a two-sided two-proportion z-test, and Benjamini–Hochberg control across the slices and metrics of the
 * window. Emitted when the watermark passes the window's end, re-emitted with the next revision after late updates,
 * dropped after the allowed lateness. A slice counts from when its definition arrived.
 */
public class SliceEvaluator extends KeyedBroadcastProcessFunction<Long, WindowedObservation, SliceDefinition, SliceResult> {
    private static final long serialVersionUID = 1L;
    private static final NormalDistribution NORMAL = new NormalDistribution();

    public static final MapStateDescriptor<String, SliceDefinition> DEFINITIONS = new MapStateDescriptor<>(
            "slice-definitions", Types.STRING, TypeInformation.of(SliceDefinition.class));

    private final List<SliceDefinition> initial;
    private final double z;
    private final double falseDiscoveryRate;
    private final long allowedLatenessMillis;

    private transient MapState<String, SliceCounts> slices;
    private transient ValueState<SliceCounts> window;
    private transient ValueState<Long> windowEnd;
    private transient ValueState<Integer> revision;

    public SliceEvaluator(List<SliceDefinition> initial, double z, double falseDiscoveryRate, long allowedLatenessMillis) {
        this.initial = new ArrayList<>(initial);
        this.z = z;
        this.falseDiscoveryRate = falseDiscoveryRate;
        this.allowedLatenessMillis = allowedLatenessMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        slices = getRuntimeContext().getMapState(new MapStateDescriptor<>("slice-counts", Types.STRING, TypeInformation.of(SliceCounts.class)));
        window = getRuntimeContext().getState(new ValueStateDescriptor<>("window-counts", TypeInformation.of(SliceCounts.class)));
        windowEnd = getRuntimeContext().getState(new ValueStateDescriptor<>("window-end", Types.LONG));
        revision = getRuntimeContext().getState(new ValueStateDescriptor<>("revision", Types.INT));
    }

    @Override
    public void processBroadcastElement(SliceDefinition definition, Context ctx, Collector<SliceResult> out) throws Exception {
        BroadcastState<String, SliceDefinition> definitions = ctx.getBroadcastState(DEFINITIONS);
        definitions.put(definition.getSliceId(), definition);
    }

    @Override
    public void processElement(WindowedObservation w, ReadOnlyContext ctx, Collector<SliceResult> out) throws Exception {
        if (cleanupTime(w.windowEnd) <= ctx.timerService().currentWatermark()) {
            return; // later than the allowed lateness: the window is gone, as for the per-group statistics
        }
        SliceCounts all = window.value() == null ? new SliceCounts() : window.value();
        all.add(w.observation);
        window.update(all);
        for (SliceDefinition d : active(ctx.getBroadcastState(DEFINITIONS)).values()) {
            if (SlicePredicates.matches(d, w.observation)) {
                SliceCounts c = slices.get(d.getSliceId());
                c = c == null ? new SliceCounts() : c;
                c.add(w.observation);
                slices.put(d.getSliceId(), c);
            }
        }
        if (windowEnd.value() == null) {
            windowEnd.update(w.windowEnd);
            ctx.timerService().registerEventTimeTimer(w.windowEnd - 1);
            ctx.timerService().registerEventTimeTimer(cleanupTime(w.windowEnd));
        } else if (revision.value() != null) {
            // Already emitted: a late update, re-emitted once the watermark moves on.
            ctx.timerService().registerEventTimeTimer(ctx.timerService().currentWatermark() + 1);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SliceResult> out) throws Exception {
        Long end = windowEnd.value();
        if (end == null) {
            return;
        }
        if (timestamp >= cleanupTime(end)) {
            slices.clear();
            window.clear();
            windowEnd.clear();
            revision.clear();
            return;
        }
        int next = revision.value() == null ? 0 : revision.value() + 1;
        revision.update(next);
        Map<String, SliceCounts> counts = new LinkedHashMap<>();
        for (var e : slices.entries()) {
            counts.put(e.getKey(), e.getValue());
        }
        evaluate(active(ctx.getBroadcastState(DEFINITIONS)).values(), counts, window.value(), ctx.getCurrentKey(), end, next,
                ctx.timerService().currentProcessingTime()).forEach(out::collect);
    }

    private long cleanupTime(long end) {
        return end - 1 + allowedLatenessMillis + 1;
    }

    /** The file's definitions, replaced by the topic's with the same id; retired ones left out. */
    private Map<String, SliceDefinition> active(ReadOnlyBroadcastState<String, SliceDefinition> fromTopic) throws Exception {
        Map<String, SliceDefinition> all = new LinkedHashMap<>();
        initial.forEach(d -> all.put(d.getSliceId(), d));
        for (var e : fromTopic.immutableEntries()) {
            all.put(e.getKey(), e.getValue());
        }
        all.values().removeIf(SliceDefinition::getRetired);
        return all;
    }

    /** Every active slice and metric of one window, with Benjamini–Hochberg across the window's tests. */
    List<SliceResult> evaluate(Iterable<SliceDefinition> definitions, Map<String, SliceCounts> counts, SliceCounts total,
                               long windowStart, long end, int rev, long now) {
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
