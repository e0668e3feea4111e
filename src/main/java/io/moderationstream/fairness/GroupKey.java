package io.moderationstream.fairness;

import java.util.Objects;

/**
 * Which group of which dimension, for which tenant and model: the key of the per-group windows. Structured, never a
 * joined string, so a group value or tenant id that contains a separator can never split into, or merge with,
 * another group. An intersection ({@code gender&race}) keeps both of its groups as separate fields. Absent tenant
 * and model (fairness not kept per tenant or model) are empty strings: Flink's POJO key fields must not be null,
 * and the decoder rejects blank tenant and model ids, so "" never stands for a real one.
 */
public class GroupKey {
    public String dimension = "";
    public String group = "";
    /** The second dimension's group of an intersection; empty for a single dimension. */
    public String secondGroup = "";
    public String tenantId = "";
    public String modelId = "";

    public GroupKey() {}

    public GroupKey(String dimension, String group, String secondGroup, String tenantId, String modelId) {
        this.dimension = dimension;
        this.group = group;
        this.secondGroup = secondGroup;
        this.tenantId = tenantId;
        this.modelId = modelId;
    }

    /** The group as the fairness rows name it: an intersection's groups joined with '&' (display only). */
    public String groupName() {
        return secondGroup.isEmpty() ? group : group + "&" + secondGroup;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupKey k && dimension.equals(k.dimension) && group.equals(k.group)
                && secondGroup.equals(k.secondGroup) && tenantId.equals(k.tenantId) && modelId.equals(k.modelId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dimension, group, secondGroup, tenantId, modelId);
    }

    @Override
    public String toString() {
        return "GroupKey{" + dimension + "=" + groupName() + ", tenant=" + tenantId + ", model=" + modelId + "}";
    }
}
