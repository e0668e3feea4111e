package io.moderationstream.fairness.slices;

import io.moderationstream.avro.SliceDefinition;
import io.moderationstream.avro.SliceResult;
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

import java.util.ArrayList;
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
        for (SliceDefinition d : active(ctx.getBroadcastState(DEFINITIONS))) {
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
        SliceTests.evaluate(active(ctx.getBroadcastState(DEFINITIONS)), counts, window.value(), ctx.getCurrentKey(), end, next,
                ctx.timerService().currentProcessingTime(), z, falseDiscoveryRate).forEach(out::collect);
    }

    private long cleanupTime(long end) {
        return end - 1 + allowedLatenessMillis + 1;
    }

    /**
     * The file's definitions, replaced by the topic's with the same id; retired ones left out. Called per record:
     * a lookup per file definition, no copy of the broadcast state.
     */
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
