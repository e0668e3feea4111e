package io.moderationstream.fairness;

/** The counts of one group in one window, as emitted by the window (again on each late update). */
public class GroupWindowStats {
    /** The group's structured identity (the fields below are its display form). */
    public GroupKey key;
    public String dimension;
    public String group;
    public String tenantId;
    public String modelId;
    public long windowStart;
    public long windowEnd;
    public GroupCounts counts;

    public GroupWindowStats() {}

    public static GroupWindowStats of(GroupKey key, long windowStart, long windowEnd, GroupCounts counts) {
        GroupWindowStats s = new GroupWindowStats();
        s.key = key;
        s.dimension = key.dimension;
        s.group = key.groupName();
        s.tenantId = key.tenantId.isEmpty() ? null : key.tenantId;
        s.modelId = key.modelId.isEmpty() ? null : key.modelId;
        s.windowStart = windowStart;
        s.windowEnd = windowEnd;
        s.counts = counts;
        return s;
    }

    /** Key of the cross-group disparity stage: all groups of one dimension in one window. */
    public WindowKey windowKey() {
        return new WindowKey(dimension, tenantId == null ? "" : tenantId, modelId == null ? "" : modelId, windowStart, windowEnd);
    }
}
