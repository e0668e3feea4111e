package io.moderationstream.fairness.slices;

import io.moderationstream.avro.SliceDefinition;
import io.moderationstream.avro.SliceResult;
import io.moderationstream.config.JobConfig;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates slices per fairness window (keyed by window start). Submitted definitions arrive on the slices topic as
 * broadcast state, so they are added, changed and retired while the job runs and are kept in checkpoints and
 * savepoints; definitions from a file ({@code fairness.slices_file}) are the starting set, overridden by the topic.
 * For every active slice and metric: the slice's rate with its Wilson interval, the complement's (the rest of the
 * window), a two-sided two-proportion z-test, Benjamini–Hochberg control across the slices and metrics of the window,
 * and the best-treated group of the slice's dimensions. Alongside, discovery: each verdict counts once, in the cell
 * of its full combination of attribute values (its groups, tenant and model); when the window closes, the cells are
 * summed into every conjunction of up to {@code fairness.discovery.max_order} values they contain (a data cube), the
 * conjunctions ranked, and the worst {@code top_k} per metric emitted as DISCOVERED. Emitted when the watermark passes
 * the window's end, re-emitted with the next revision after late updates, dropped after the allowed lateness. A
 * submitted slice counts from when its definition arrived.
 *
 * <p>State per open window: one counter set (6 longs) per submitted slice and one per cell, and cells are at most the
 * product of the attributes' cardinalities, the verdicts of the window, and {@code fairness.discovery.max_cells}.
 * Beyond the cap, verdicts of new combinations are left out of discovery (its totals too, so complements stay
 * consistent) and the {@code discoveryVerdictsNotCounted} metric counts them. Open windows: (size + allowed
 * lateness) / slide. Per verdict: one cell update, whatever the order; the order costs only at the window's close
 * ({@code Σ_{j≤order} C(a, j)} conjunctions per cell, of the values with min_sample trials).
 */
public class SliceEvaluator extends KeyedBroadcastProcessFunction<Long, WindowedObservation, SliceDefinition, SliceResult> {
    private static final long serialVersionUID = 1L;

    public static final MapStateDescriptor<String, SliceDefinition> DEFINITIONS = new MapStateDescriptor<>(
            "slice-definitions", Types.STRING, TypeInformation.of(SliceDefinition.class));

    private final List<SliceDefinition> initial;
    private final double z;
    private final double falseDiscoveryRate;
    private final long allowedLatenessMillis;
    private final JobConfig.DiscoveryConfig discovery;
    /** Order 1 is always summed: the best-treated group of a submitted slice's dimension comes from it. */
    private final int summedOrder;

    private transient MapState<String, SliceCounts> slices;
    private transient MapState<Slice, SliceCounts> cells;
    private transient ValueState<SliceCounts> window;
    private transient ValueState<Long> windowEnd;
    private transient ValueState<Integer> revision;
    private transient ValueState<Integer> cellCount;
    private transient Counter notCounted;
    /** The active definitions, ready to match; rebuilt after a definition arrives or a restore. */
    private transient SliceMatcher matcher;

    public SliceEvaluator(List<SliceDefinition> initial, JobConfig.FairnessConfig config) {
        this.initial = new ArrayList<>(initial);
        this.z = config.confidenceZ;
        this.falseDiscoveryRate = config.sliceFalseDiscoveryRate;
        this.allowedLatenessMillis = config.allowedLateness.toMillis();
        this.discovery = config.discovery;
        this.summedOrder = discovery.enabled ? discovery.maxOrder : 1;
    }

    @Override
    public void open(OpenContext openContext) {
        slices = getRuntimeContext().getMapState(new MapStateDescriptor<>("slice-counts", Types.STRING, TypeInformation.of(SliceCounts.class)));
        cells = getRuntimeContext().getMapState(new MapStateDescriptor<>("cell-counts",
                TypeInformation.of(Slice.class), TypeInformation.of(SliceCounts.class)));
        window = getRuntimeContext().getState(new ValueStateDescriptor<>("window-counts", TypeInformation.of(SliceCounts.class)));
        windowEnd = getRuntimeContext().getState(new ValueStateDescriptor<>("window-end", Types.LONG));
        revision = getRuntimeContext().getState(new ValueStateDescriptor<>("revision", Types.INT));
        cellCount = getRuntimeContext().getState(new ValueStateDescriptor<>("cell-count", Types.INT));
        notCounted = getRuntimeContext().getMetricGroup().counter("discoveryVerdictsNotCounted");
    }

    @Override
    public void processBroadcastElement(SliceDefinition definition, Context ctx, Collector<SliceResult> out) throws Exception {
        BroadcastState<String, SliceDefinition> definitions = ctx.getBroadcastState(DEFINITIONS);
        definitions.put(definition.getSliceId(), definition);
        matcher = null;
    }

    @Override
    public void processElement(WindowedObservation w, ReadOnlyContext ctx, Collector<SliceResult> out) throws Exception {
        if (cleanupTime(w.windowEnd) <= ctx.timerService().currentWatermark()) {
            return; // later than the allowed lateness: the window is gone, as for the per-group statistics
        }
        SliceCounts all = window.value() == null ? new SliceCounts() : window.value();
        all.add(w.observation);
        window.update(all);
        if (matcher == null) {
            matcher = new SliceMatcher(active(ctx.getBroadcastState(DEFINITIONS)));
        }
        for (SliceDefinition d : matcher.matching(w.observation)) {
            SliceCounts c = slices.get(d.getSliceId());
            c = c == null ? new SliceCounts() : c;
            c.add(w.observation);
            slices.put(d.getSliceId(), c);
        }
        countCell(w);
        if (windowEnd.value() == null) {
            windowEnd.update(w.windowEnd);
            ctx.timerService().registerEventTimeTimer(w.windowEnd - 1);
            ctx.timerService().registerEventTimeTimer(cleanupTime(w.windowEnd));
        } else if (revision.value() != null) {
            // Already emitted: a late update, re-emitted once the watermark moves on.
            ctx.timerService().registerEventTimeTimer(ctx.timerService().currentWatermark() + 1);
        }
    }

    private void countCell(WindowedObservation w) throws Exception {
        Slice cell = new Slice(SliceDiscovery.attributesOf(w.observation));
        SliceCounts c = cells.get(cell);
        if (c == null) {
            int open = cellCount.value() == null ? 0 : cellCount.value();
            if (open >= discovery.maxCells) {
                notCounted.inc();
                return;
            }
            cellCount.update(open + 1);
            c = new SliceCounts();
        }
        c.add(w.observation);
        cells.put(cell, c);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SliceResult> out) throws Exception {
        Long end = windowEnd.value();
        if (end == null) {
            return;
        }
        if (timestamp >= cleanupTime(end)) {
            slices.clear();
            cells.clear();
            window.clear();
            windowEnd.clear();
            revision.clear();
            cellCount.clear();
            return;
        }
        int next = revision.value() == null ? 0 : revision.value() + 1;
        revision.update(next);
        Map<String, SliceCounts> counts = new HashMap<>();
        for (var e : slices.entries()) {
            counts.put(e.getKey(), e.getValue());
        }
        Map<Slice, SliceCounts> conjunctions = new HashMap<>();
        SliceCounts inCells = new SliceCounts();
        sumCells(conjunctions, inCells);
        long now = ctx.timerService().currentProcessingTime();
        long start = ctx.getCurrentKey();
        SliceTests.evaluate(active(ctx.getBroadcastState(DEFINITIONS)), counts, window.value(), conjunctions, start, end, next, now, z,
                falseDiscoveryRate).forEach(out::collect);
        if (discovery.enabled) {
            SliceTests.discovered(conjunctions, inCells, discovery.metrics, discovery.minSample, discovery.topK, start, end, next,
                    now, z, falseDiscoveryRate).forEach(out::collect);
        }
    }

    /**
     * The data cube: each cell's counts into every conjunction it holds. Single values first, all of them (the
     * best-treated group needs them); then conjunctions of two or more values only from values with min_sample trials
     * of some discovery metric — a conjunction has at most the trials of each of its values, so one with a rarer value
     * could never be tested, and on long-tailed attributes this keeps the close from building them by the million.
     */
    private void sumCells(Map<Slice, SliceCounts> conjunctions, SliceCounts inCells) throws Exception {
        for (var e : cells.entries()) {
            inCells.addAll(e.getValue());
            for (Slice.Condition value : e.getKey().conditions()) {
                conjunctions.computeIfAbsent(new Slice(List.of(value)), k -> new SliceCounts()).addAll(e.getValue());
            }
        }
        if (summedOrder < 2) {
            return;
        }
        java.util.Set<Slice.Condition> testable = new java.util.HashSet<>();
        conjunctions.forEach((single, counts) -> {
            if (discovery.metrics.stream().anyMatch(m -> counts.trialsAndHits(m.schemaName())[0] >= discovery.minSample)) {
                testable.add(single.conditions().get(0));
            }
        });
        for (var e : cells.entries()) {
            List<Slice.Condition> values = e.getKey().conditions().stream().filter(testable::contains).toList();
            for (Slice s : SliceDiscovery.conjunctions(values, summedOrder)) {
                if (s.order() > 1) {
                    conjunctions.computeIfAbsent(s, k -> new SliceCounts()).addAll(e.getValue());
                }
            }
        }
    }

    private long cleanupTime(long end) {
        return end - 1 + allowedLatenessMillis + 1;
    }

    /** The file's definitions, replaced by the topic's with the same id; retired ones left out. */
    private List<SliceDefinition> active(ReadOnlyBroadcastState<String, SliceDefinition> fromTopic) throws Exception {
        List<SliceDefinition> active = new ArrayList<>();
        for (SliceDefinition d : initial) {
            if (!d.getRetired() && !fromTopic.contains(d.getSliceId())) {
                active.add(d);
            }
        }
        for (var e : fromTopic.immutableEntries()) {
            if (!e.getValue().getRetired()) {
                active.add(e.getValue());
            }
        }
        return active;
    }
}
