package io.moderationstream.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * Plain JSON for Avro records, for files and consoles: field names as in the schema, unions unwrapped (no
 * {"string": ...} wrappers), arrays as arrays, enums as their symbol, timestamps as epoch milliseconds, bytes as
 * base64, NaN and infinities as null.
 */
public final class AvroJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {}

    public static ObjectNode toJson(IndexedRecord record) {
        ObjectNode node = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            node.set(field.name(), value(record.get(field.pos())));
        }
        return node;
    }

    public static String toJsonLine(IndexedRecord record) {
        try {
            return MAPPER.writeValueAsString(toJson(record));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode value(Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        if (v instanceof IndexedRecord r) {
            return toJson(r);
        }
        // Before GenericContainer: Avro's own list (GenericData.Array, what a decoded record holds) is one too, and
        // was written as its toString(), a string holding JSON, instead of an array.
        if (v instanceof Collection<?> c) {
            ArrayNode a = NODES.arrayNode();
            c.forEach(item -> a.add(value(item)));
            return a;
        }
        if (v instanceof GenericFixed f) {
            return NODES.textNode(Base64.getEncoder().encodeToString(f.bytes()));
        }
        if (v instanceof GenericContainer || v instanceof Enum<?>) {
            return NODES.textNode(v.toString());
        }
        if (v instanceof CharSequence s) {
            return NODES.textNode(s.toString());
        }
        if (v instanceof Instant i) {
            return NODES.numberNode(i.toEpochMilli());
        }
        if (v instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (v instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (v instanceof Double d) {
            // JSON has no NaN or infinity; a string there would turn a numeric column into text for every reader.
            return d.isNaN() || d.isInfinite() ? NODES.nullNode() : NODES.numberNode(d);
        }
        if (v instanceof Float f) {
            return f.isNaN() || f.isInfinite() ? NODES.nullNode() : NODES.numberNode(f);
        }
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof ByteBuffer b) {
            return NODES.textNode(Base64.getEncoder().encodeToString(AvroBytes.toArray(b)));
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = NODES.objectNode();
            m.forEach((k, val) -> o.set(k.toString(), value(val)));
            return o;
        }
        return NODES.textNode(v.toString());
    }

    /** The bytes as text when they are valid UTF-8, else null: a readable preview of a dead letter. */
    public static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
