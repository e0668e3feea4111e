package io.moderationstream.fairness;

import io.moderationstream.avro.FairnessStats;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Collects the per-group results of one (dimension, window) and, once the watermark passes the window end, emits
 * every group with its disparity against the best-treated group. A late update (a late verdict or label within the
 * allowed lateness) re-emits the whole window with the next revision, since the reference group may change. State is
 * dropped when the allowed lateness has passed.
 */
public class WindowDisparity extends KeyedProcessFunction<WindowKey, GroupWindowStats, FairnessStats> {
    private static final long serialVersionUID = 1L;

    private final DisparityCalculator calculator;
    private final long allowedLatenessMillis;

    private transient MapState<GroupKey, GroupWindowStats> groups;
    private transient ValueState<Integer> revision;

    public WindowDisparity(DisparityCalculator calculator, long allowedLatenessMillis) {
        this.calculator = calculator;
        this.allowedLatenessMillis = allowedLatenessMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        groups = getRuntimeContext().getMapState(new MapStateDescriptor<>("groups",
                TypeInformation.of(GroupKey.class), TypeInformation.of(GroupWindowStats.class)));
        revision = getRuntimeContext().getState(new ValueStateDescriptor<>("revision", Integer.class));
    }

    @Override
    public void processElement(GroupWindowStats stats, Context ctx, Collector<FairnessStats> out) throws Exception {
        boolean firstOfWindow = groups.isEmpty();
        groups.put(stats.key, stats);
        Integer emitted = revision.value();
        if (emitted != null) {
            revision.update(emitted + 1);
            emit(emitted + 1, ctx.timerService().currentProcessingTime(), out);
        } else if (firstOfWindow) {
            ctx.timerService().registerEventTimeTimer(stats.windowEnd - 1);
            ctx.timerService().registerEventTimeTimer(stats.windowEnd - 1 + allowedLatenessMillis + 1);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FairnessStats> out) throws Exception {
        if (revision.value() == null) {
            revision.update(0);
            emit(0, ctx.timerService().currentProcessingTime(), out);
        } else {
            groups.clear();
            revision.clear();
        }
    }

    private void emit(int rev, long now, Collector<FairnessStats> out) throws Exception {
        java.util.List<GroupWindowStats> all = new java.util.ArrayList<>();
        groups.values().forEach(all::add);
        all.sort(java.util.Comparator.comparing(g -> g.group));
        for (FairnessStats s : calculator.compute(all, rev, System.currentTimeMillis())) {
            out.collect(s);
        }
    }
}
