package io.moderationstream.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.io.AvroBytes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builders for input records in both wire formats. */
public final class TestEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

    private TestEvents() {}

    public static GeneratedContent event(String id, String completion, Map<String, String> groups, long offsetSeconds) {
        return GeneratedContent.newBuilder()
                .setEventId(id).setTenantId("tenant-a").setModelId("model-x")
                .setCreatedAt(T0.plusSeconds(offsetSeconds))
                .setCompletion(completion)
                .setGroups(groups)
                .setMetadata(Map.of())
                .build();
    }

    /**
     * Events e{first} .. e{first+count-1} in Avro, one in five abusive, genders alternating: the load of the fault
     * tests, whose assertions count verdicts per event id.
     */
    public static List<byte[]> mixedAvro(int first, int count) {
        List<byte[]> events = new java.util.ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            events.add(avro(event("e" + i, i % 5 == 0 ? "you stupid idiot" : "hello there, friend",
                    Map.of("gender", i % 2 == 0 ? "female" : "male"), i)));
        }
        return events;
    }

    /** Avro single-object encoding, as producers write it. */
    public static byte[] avro(GeneratedContent e) {
        try {
            return AvroBytes.toArray(e.toByteBuffer());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static byte[] jsonEvent(String id, String completion, Map<String, String> groups, long offsetSeconds) {
        ObjectNode n = JSON.createObjectNode().put("event_id", id).put("tenant_id", "tenant-a").put("model_id", "model-x")
                .put("created_at", T0.plusSeconds(offsetSeconds).toString()).put("completion", completion);
        ObjectNode g = n.putObject("groups");
        groups.forEach(g::put);
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] label(String id, boolean toxic) {
        ObjectNode n = JSON.createObjectNode().put("event_id", id).put("labelled_at", T0.plusSeconds(3600).toString())
                .put("source", "test");
        n.putObject("labels").put("toxic", toxic);
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static List<byte[]> malformed() {
        return List.of(
                "not json".getBytes(StandardCharsets.UTF_8),
                "{\"event_id\": \"no-tenant\", \"model_id\": \"m\", \"created_at\": 1, \"completion\": \"x\"}".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
                "[1, 2, 3]".getBytes(StandardCharsets.UTF_8),
                "{\"event_id\": \"bad-time\", \"tenant_id\": \"t\", \"model_id\": \"m\", \"created_at\": \"soon\", \"completion\": \"x\"}".getBytes(StandardCharsets.UTF_8));
    }
}
