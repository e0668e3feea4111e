package io.moderationstream.fairness;

import io.moderationstream.config.JobConfig;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Fans an observation out to every group the {@link GroupAssigner} gives it. */
public class ExplodeGroups implements FlatMapFunction<Observation, GroupObservation> {
    private static final long serialVersionUID = 1L;

    private final GroupAssigner assigner;

    public ExplodeGroups(JobConfig.FairnessConfig config) {
        this.assigner = new GroupAssigner(config);
    }

    @Override
    public void flatMap(Observation o, Collector<GroupObservation> out) {
        for (GroupKey key : assigner.keysOf(o)) {
            out.collect(GroupObservation.of(key, o));
        }
    }
}
