package io.moderationstream.fairness;

import io.moderationstream.config.JobConfig;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

import java.util.List;
import java.util.Map;

/** Fans an observation out to every configured dimension (and intersection) its event has a group for. */
public class ExplodeGroups implements FlatMapFunction<Observation, GroupObservation> {
    private static final long serialVersionUID = 1L;

    private final JobConfig.FairnessConfig config;

    public ExplodeGroups(JobConfig.FairnessConfig config) {
        this.config = config;
    }

    @Override
    public void flatMap(Observation o, Collector<GroupObservation> out) {
        Map<String, String> groups = o.groups;
        if (groups == null || groups.isEmpty()) {
            return;
        }
        if (config.dimensions.isEmpty()) {
            groups.forEach((dimension, group) -> out.collect(of(o, dimension, group, "")));
        } else {
            for (String dimension : config.dimensions) {
                String group = groups.get(dimension);
                if (group != null) {
                    out.collect(of(o, dimension, group, ""));
                }
            }
        }
        for (List<String> pair : config.intersections) {
            if (pair.size() == 2 && groups.containsKey(pair.get(0)) && groups.containsKey(pair.get(1))) {
                out.collect(of(o, pair.get(0) + "&" + pair.get(1), groups.get(pair.get(0)), groups.get(pair.get(1))));
            }
        }
    }

    private GroupObservation of(Observation o, String dimension, String group, String secondGroup) {
        GroupObservation g = new GroupObservation();
        String tenant = config.perTenant && o.tenantId != null ? o.tenantId : "";
        String model = config.perModel && o.modelId != null ? o.modelId : "";
        g.key = new GroupKey(dimension, group, secondGroup, tenant, model);
        g.kind = o.kind;
        g.decision = o.decision;
        g.flagged = o.flagged;
        g.toxicFlagged = o.toxicFlagged;
        g.citationFlagged = o.citationFlagged;
        g.watermarkFlagged = o.watermarkFlagged;
        g.toxicity = o.toxicity;
        g.labelToxic = o.labelToxic;
        g.weight = o.weight;
        return g;
    }
}
