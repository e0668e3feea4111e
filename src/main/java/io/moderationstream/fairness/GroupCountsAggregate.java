package io.moderationstream.fairness;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Incremental window aggregation: the window keeps one {@link GroupCounts}, never the events. */
public class GroupCountsAggregate implements AggregateFunction<GroupObservation, GroupCounts, GroupCounts> {
    private static final long serialVersionUID = 1L;

    @Override
    public GroupCounts createAccumulator() {
        return new GroupCounts();
    }

    @Override
    public GroupCounts add(GroupObservation value, GroupCounts acc) {
        acc.add(value);
        return acc;
    }

    @Override
    public GroupCounts getResult(GroupCounts acc) {
        return acc;
    }

    @Override
    public GroupCounts merge(GroupCounts a, GroupCounts b) {
        return a.merge(b);
    }
}
