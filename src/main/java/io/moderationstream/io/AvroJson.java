package io.moderationstream.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * The inverse of {@link #toJson}: reads a record written by this class (verdicts.jsonl, a JSON topic) back into
     * the generated class, so offline tools see exactly the records the stream produced. Accepts timestamps as epoch
     * milliseconds or ISO-8601 text; a null where the schema wants a double is NaN (how NaN was written).
     */
    public static <T extends SpecificRecord> T fromJson(JsonNode json, Class<T> type) {
        Schema schema = SpecificData.get().getSchema(type);
        Object raw = datum(json, schema, "");
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new GenericDatumWriter<Object>(schema).write(raw, encoder);
            encoder.flush();
            // The specific reader applies the generated class's logical-type conversions (Instant, ...).
            return new SpecificDatumReader<>(type).read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a " + schema.getName() + ": " + e.getMessage(), e);
        }
    }

    private static Object datum(JsonNode json, Schema schema, String path) {
        switch (schema.getType()) {
            case UNION -> {
                if (json == null || json.isNull()) {
                    if (schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL)) {
                        return null;
                    }
                }
                IllegalArgumentException last = null;
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() == Schema.Type.NULL) {
                        continue;
                    }
                    try {
                        return datum(json, branch, path);
                    } catch (IllegalArgumentException e) {
                        last = e;
                    }
                }
                throw last != null ? last : new IllegalArgumentException(path + ": no union branch fits " + json);
            }
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field f : schema.getFields()) {
                    JsonNode value = json == null ? null : json.get(f.name());
                    if ((value == null || value.isMissingNode()) && f.hasDefaultValue()) {
                        record.put(f.pos(), GenericData.get().getDefaultValue(f));
                    } else {
                        record.put(f.pos(), datum(value, f.schema(), path + "." + f.name()));
                    }
                }
                return record;
            }
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (JsonNode item : require(json, JsonNode::isArray, "an array", path)) {
                    items.add(datum(item, schema.getElementType(), path + "[]"));
                }
                return items;
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                require(json, JsonNode::isObject, "an object", path).fields()
                        .forEachRemaining(e -> map.put(e.getKey(), datum(e.getValue(), schema.getValueType(), path + "." + e.getKey())));
                return map;
            }
            case ENUM -> {
                String symbol = require(json, JsonNode::isTextual, "a symbol", path).asText();
                if (!schema.hasEnumSymbol(symbol)) {
                    throw new IllegalArgumentException(path + ": " + symbol + " is not one of " + schema.getEnumSymbols());
                }
                return new GenericData.EnumSymbol(schema, symbol);
            }
            case STRING -> {
                return require(json, JsonNode::isTextual, "a string", path).asText();
            }
            case BYTES -> {
                return ByteBuffer.wrap(Base64.getDecoder().decode(require(json, JsonNode::isTextual, "base64 text", path).asText()));
            }
            case LONG -> {
                if (json != null && json.isTextual() && schema.getLogicalType() != null) {
                    return Instant.parse(json.asText()).toEpochMilli();
                }
                return require(json, JsonNode::canConvertToLong, "a whole number", path).asLong();
            }
            case INT -> {
                return require(json, JsonNode::canConvertToInt, "a whole number", path).asInt();
            }
            case DOUBLE -> {
                return json == null || json.isNull() ? Double.NaN : require(json, JsonNode::isNumber, "a number", path).asDouble();
            }
            case FLOAT -> {
                return json == null || json.isNull() ? Float.NaN : (float) require(json, JsonNode::isNumber, "a number", path).asDouble();
            }
            case BOOLEAN -> {
                return require(json, JsonNode::isBoolean, "true or false", path).asBoolean();
            }
            case NULL -> {
                if (json == null || json.isNull()) {
                    return null;
                }
                throw new IllegalArgumentException(path + " must be null");
            }
            default -> throw new IllegalArgumentException(path + ": unsupported Avro type " + schema.getType());
        }
    }

    private static JsonNode require(JsonNode json, java.util.function.Predicate<JsonNode> test, String what, String path) {
        if (json == null || !test.test(json)) {
            throw new IllegalArgumentException((path.isEmpty() ? "record" : path.substring(1)) + " must be " + what + ", got " + json);
        }
        return json;
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
