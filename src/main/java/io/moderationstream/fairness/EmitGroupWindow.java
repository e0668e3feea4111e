package io.moderationstream.fairness;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Attaches the window and the group identity to the aggregated counts. */
public class EmitGroupWindow extends ProcessWindowFunction<GroupCounts, GroupWindowStats, GroupKey, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(GroupKey key, Context ctx, Iterable<GroupCounts> counts, Collector<GroupWindowStats> out) {
        GroupWindowStats s = new GroupWindowStats();
        s.key = key;
        s.dimension = key.dimension;
        s.group = key.groupName();
        s.tenantId = key.tenantId.isEmpty() ? null : key.tenantId;
        s.modelId = key.modelId.isEmpty() ? null : key.modelId;
        s.windowStart = ctx.window().getStart();
        s.windowEnd = ctx.window().getEnd();
        s.counts = counts.iterator().next();
        out.collect(s);
    }
}
