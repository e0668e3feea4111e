package io.moderationstream.fairness;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Attaches the window and the group identity to the aggregated counts. */
public class EmitGroupWindow extends ProcessWindowFunction<GroupCounts, GroupWindowStats, GroupKey, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(GroupKey key, Context ctx, Iterable<GroupCounts> counts, Collector<GroupWindowStats> out) {
        out.collect(GroupWindowStats.of(key, ctx.window().getStart(), ctx.window().getEnd(), counts.iterator().next()));
    }
}
