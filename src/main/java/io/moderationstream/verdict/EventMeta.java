package io.moderationstream.verdict;

import io.moderationstream.io.ValidatedEvent;

import java.util.HashMap;
import java.util.List;
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
    /** Dimensions derived from the completion (fairness.derived), those the event's own groups name left out. */
    public Map<String, List<String>> derivedGroups = new HashMap<>();

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

    /** With the completion's derived dimensions; the producer's groups win for a dimension both name. */
    public EventMeta withDerivedGroups(Map<String, List<String>> derived) {
        derivedGroups = new HashMap<>(derived);
        derivedGroups.keySet().removeAll(groups.keySet());
        return this;
    }
}
