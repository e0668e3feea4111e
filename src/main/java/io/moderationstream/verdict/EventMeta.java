package io.moderationstream.verdict;

import io.moderationstream.io.ValidatedEvent;

import java.util.HashMap;
import java.util.Map;

/** What the merge needs of an event besides the scores: identity, event time, groups, metadata. Not the text. */
public class EventMeta {
    public String eventId;
    public String tenantId;
    public String modelId;
    public long createdAt;
    public long ingestedAt;
    public Map<String, String> groups = new HashMap<>();
    public Map<String, String> metadata = new HashMap<>();

    public EventMeta() {}

    public static EventMeta of(ValidatedEvent event) {
        EventMeta m = new EventMeta();
        m.eventId = event.content.getEventId();
        m.tenantId = event.content.getTenantId();
        m.modelId = event.content.getModelId();
        m.createdAt = event.content.getCreatedAt().toEpochMilli();
        m.ingestedAt = event.ingestedAt;
        m.groups = new HashMap<>(event.content.getGroups());
        m.metadata = new HashMap<>(event.content.getMetadata());
        return m;
    }
}
