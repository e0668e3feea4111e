package io.moderationstream.fairness;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Attaches the window and the group identity to the aggregated counts. */
public class EmitGroupWindow extends ProcessWindowFunction<GroupCounts, GroupWindowStats, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(String key, Context ctx, Iterable<GroupCounts> counts, Collector<GroupWindowStats> out) {
        String[] parts = key.split("\\|", -1);
        GroupWindowStats s = new GroupWindowStats();
        s.dimension = parts[0];
        s.group = parts[1];
        s.tenantId = parts[2].isEmpty() ? null : parts[2];
        s.modelId = parts[3].isEmpty() ? null : parts[3];
        s.windowStart = ctx.window().getStart();
        s.windowEnd = ctx.window().getEnd();
        s.counts = counts.iterator().next();
        out.collect(s);
    }
}
