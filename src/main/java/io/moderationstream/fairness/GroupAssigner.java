package io.moderationstream.fairness;

import io.moderationstream.config.JobConfig;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Which groups an observation counts for: every configured dimension (every dimension present when none is
 * configured) and intersection its event has a group for, per tenant and per model when configured. The stream's
 * {@link ExplodeGroups} and {@code fairness report} both use it.
 */
public final class GroupAssigner implements Serializable {
    private static final long serialVersionUID = 1L;

    private final JobConfig.FairnessConfig config;

    public GroupAssigner(JobConfig.FairnessConfig config) {
        this.config = config;
    }

    public List<GroupKey> keysOf(Observation o) {
        String tenant = config.perTenant && o.tenantId != null ? o.tenantId : "";
        String model = config.perModel && o.modelId != null ? o.modelId : "";
        List<GroupKey> keys = new ArrayList<>();
        // Configured dimensions are looked up one by one; only "every dimension seen" needs them all collected.
        Iterable<String> dimensions = config.dimensions.isEmpty() ? o.groupValues().keySet() : config.dimensions;
        for (String dimension : dimensions) {
            for (String group : o.groupValues(dimension)) {
                keys.add(new GroupKey(dimension, group, "", tenant, model));
            }
        }
        // A text in several groups of a dimension (derived ones) counts in every pair of its groups.
        for (List<String> pair : config.intersections) {
            if (pair.size() == 2) {
                for (String first : o.groupValues(pair.get(0))) {
                    for (String second : o.groupValues(pair.get(1))) {
                        keys.add(new GroupKey(pair.get(0) + "&" + pair.get(1), first, second, tenant, model));
                    }
                }
            }
        }
        return keys;
    }
}
