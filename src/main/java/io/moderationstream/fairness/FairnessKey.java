package io.moderationstream.fairness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moderationstream.avro.FairnessStats;

import java.util.Arrays;

/**
 * The Kafka key of a fairness row: the JSON array {@code [dimension, group, tenant_id, model_id, window_start]}.
 * Every window of every group has its own key, so a compacted topic keeps one row per window (the latest revision:
 * a late update re-emits the window under the same key, an upsert); JSON, because names may contain any separator.
 */
public final class FairnessKey {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FairnessKey() {}

    public static String of(FairnessStats s) {
        try {
            return JSON.writeValueAsString(Arrays.asList(s.getDimension(), s.getGroup(), s.getTenantId(), s.getModelId(),
                    s.getWindowStart().toEpochMilli()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
