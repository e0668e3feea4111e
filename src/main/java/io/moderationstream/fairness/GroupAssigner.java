package io.moderationstream.fairness;

import io.moderationstream.config.JobConfig;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        Map<String, String> groups = o.groups;
        if (groups == null || groups.isEmpty()) {
            return List.of();
        }
        String tenant = config.perTenant && o.tenantId != null ? o.tenantId : "";
        String model = config.perModel && o.modelId != null ? o.modelId : "";
        List<GroupKey> keys = new ArrayList<>();
        if (config.dimensions.isEmpty()) {
            groups.forEach((dimension, group) -> keys.add(new GroupKey(dimension, group, "", tenant, model)));
        } else {
            for (String dimension : config.dimensions) {
                String group = groups.get(dimension);
                if (group != null) {
                    keys.add(new GroupKey(dimension, group, "", tenant, model));
                }
            }
        }
        for (List<String> pair : config.intersections) {
            if (pair.size() == 2 && groups.containsKey(pair.get(0)) && groups.containsKey(pair.get(1))) {
                keys.add(new GroupKey(pair.get(0) + "&" + pair.get(1), groups.get(pair.get(0)), groups.get(pair.get(1)), tenant, model));
            }
        }
        return keys;
    }
}
