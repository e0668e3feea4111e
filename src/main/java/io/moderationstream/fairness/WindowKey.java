package io.moderationstream.fairness;

import java.util.Objects;

/** All groups of one dimension, tenant and model in one window: the key of the cross-group disparity stage. */
public class WindowKey {
    public String dimension = "";
    public String tenantId = "";
    public String modelId = "";
    public long windowStart;
    public long windowEnd;

    public WindowKey() {}

    public WindowKey(String dimension, String tenantId, String modelId, long windowStart, long windowEnd) {
        this.dimension = dimension;
        this.tenantId = tenantId;
        this.modelId = modelId;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowKey k && dimension.equals(k.dimension) && tenantId.equals(k.tenantId)
                && modelId.equals(k.modelId) && windowStart == k.windowStart && windowEnd == k.windowEnd;
    }

    @Override
    public int hashCode() {
        return Objects.hash(dimension, tenantId, modelId, windowStart, windowEnd);
    }
}
