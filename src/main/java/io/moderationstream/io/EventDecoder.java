package io.moderationstream.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.Label;
import io.moderationstream.config.JobConfig;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns input bytes into a validated {@link GeneratedContent} or {@link Label}. Accepts Avro single-object encoding
 * (recognised by its {@code C3 01} header), schema-registry framing (magic byte 0 and a schema id; needs
 * {@code serialization.registry_url}) and JSON objects with the Avro field names (what {@code replay} and
 * hand-written producers send), so producers can migrate between them. Every failure is an
 * {@link InvalidRecordException} with a code.
 */
public final class EventDecoder implements AutoCloseable {

    static {
        // Before any Avro body is read in this JVM (see AvroDecodingLimits).
        AvroDecodingLimits.apply();
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JobConfig.Limits limits;
    /** Null without a registry: registry-framed records are then dead-lettered with the setting to fix. */
    private final RegistryCodec registry;
    private final BinaryMessageDecoder<GeneratedContent> avroEvents = GeneratedContent.getDecoder();
    private final BinaryMessageDecoder<Label> avroLabels = Label.getDecoder();

    public EventDecoder(JobConfig.Limits limits) {
        this(limits, null);
    }

    /** A decoder that owns {@code registry} (may be null) and closes it. */
    public EventDecoder(JobConfig.Limits limits, RegistryCodec registry) {
        this.limits = limits;
        this.registry = registry;
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
    }

    public static boolean isSingleObjectEncoded(byte[] bytes) {
        return bytes.length >= 10 && (bytes[0] & 0xFF) == 0xC3 && (bytes[1] & 0xFF) == 0x01;
    }

    public GeneratedContent decodeEvent(byte[] bytes) throws InvalidRecordException {
        checkSize(bytes);
        GeneratedContent event;
        if (RegistryCodec.isRegistryFramed(bytes)) {
            event = decodeRegistry(bytes, GeneratedContent.class);
        } else if (isSingleObjectEncoded(bytes)) {
            event = decodeAvro(avroEvents, bytes, "GeneratedContent");
        } else {
            event = eventFromJson(parseJsonObject(bytes));
        }
        validate(event);
        return event;
    }

    public Label decodeLabel(byte[] bytes) throws InvalidRecordException {
        checkSize(bytes);
        Label label;
        if (RegistryCodec.isRegistryFramed(bytes)) {
            label = decodeRegistry(bytes, Label.class);
        } else if (isSingleObjectEncoded(bytes)) {
            label = decodeAvro(avroLabels, bytes, "Label");
        } else {
            label = labelFromJson(parseJsonObject(bytes));
        }
        requireText(label.getEventId(), "event_id", null);
        notFromTheFuture(label.getLabelledAt(), "labelled_at", label.getEventId());
        return label;
    }

    private void checkSize(byte[] bytes) throws InvalidRecordException {
        if (bytes.length > limits.maxRecordBytes) {
            throw new InvalidRecordException(ErrorCode.TOO_LARGE, "record is " + bytes.length + " bytes, over the limit of "
                    + limits.maxRecordBytes + " (limits.max_record_bytes)", null);
        }
        if (bytes.length == 0) {
            throw new InvalidRecordException(ErrorCode.NOT_DECODABLE, "empty record value", null);
        }
    }

    private <T extends org.apache.avro.specific.SpecificRecord> T decodeRegistry(byte[] bytes, Class<T> type) throws InvalidRecordException {
        if (registry == null) {
            throw new InvalidRecordException(ErrorCode.UNKNOWN_SCHEMA, "schema-registry framed record (magic byte 0, schema id "
                    + RegistryCodec.schemaId(bytes) + ") but serialization.registry_url is not set", null);
        }
        try {
            return registry.deserialize("", bytes, type);
        } catch (IOException e) {
            throw new InvalidRecordException(ErrorCode.UNKNOWN_SCHEMA, e.getMessage(), null);
        }
    }

    private static <T> T decodeAvro(BinaryMessageDecoder<T> decoder, byte[] bytes, String type)
            throws InvalidRecordException {
        try {
            return decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new InvalidRecordException(ErrorCode.UNKNOWN_SCHEMA, "Avro single-object record written with a schema that is not a known "
                    + type + " version (fingerprint not resolvable): " + e.getMessage(), null);
        } catch (BadHeaderException e) {
            throw new InvalidRecordException(ErrorCode.NOT_DECODABLE, "bad Avro single-object header: " + e.getMessage(), null);
        } catch (IOException | RuntimeException e) {
            throw new InvalidRecordException(ErrorCode.NOT_DECODABLE, "corrupt Avro " + type + " body: " + e, null);
        }
    }

    private static JsonNode parseJsonObject(byte[] bytes) throws InvalidRecordException {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException(ErrorCode.NOT_DECODABLE, "neither registry framing (magic byte 0), Avro single-object encoding (header C3 01) nor valid JSON: "
                    + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw new InvalidRecordException(ErrorCode.NOT_DECODABLE, "unreadable record: " + e.getMessage(), null);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRecordException(ErrorCode.NOT_DECODABLE, "JSON record must be an object, got "
                    + (node == null ? "nothing" : node.getNodeType()), null);
        }
        return node;
    }

    static GeneratedContent eventFromJson(JsonNode json) throws InvalidRecordException {
        String eventId = optionalText(json, "event_id", null);
        GeneratedContent.Builder b = GeneratedContent.newBuilder();
        b.setEventId(requireText(eventId, "event_id", null));
        b.setTenantId(requireText(optionalText(json, "tenant_id", eventId), "tenant_id", eventId));
        b.setModelId(requireText(optionalText(json, "model_id", eventId), "model_id", eventId));
        b.setCreatedAt(Instant.ofEpochMilli(timestamp(json, "created_at", eventId)));
        b.setPrompt(optionalText(json, "prompt", eventId));
        b.setCompletion(requireText(optionalText(json, "completion", eventId), "completion", eventId));
        b.setTokenIds(tokenIds(json.get("token_ids"), eventId));
        b.setTokenizer(optionalText(json, "tokenizer", eventId));
        b.setWatermarkKeyId(optionalText(json, "watermark_key_id", eventId));
        b.setGroups(stringMap(json.get("groups"), "groups", eventId));
        b.setMetadata(stringMap(json.get("metadata"), "metadata", eventId));
        return b.build();
    }

    static Label labelFromJson(JsonNode json) throws InvalidRecordException {
        String eventId = requireText(optionalText(json, "event_id", null), "event_id", null);
        JsonNode labels = json.get("labels");
        if (labels == null || !labels.isObject()) {
            throw new InvalidRecordException(ErrorCode.MISSING_FIELD, "labels must be an object of booleans", eventId);
        }
        Map<String, Boolean> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) labels::fields) {
            if (!e.getValue().isBoolean()) {
                throw new InvalidRecordException(ErrorCode.INVALID_FIELD, "label " + e.getKey() + " must be true or false", eventId);
            }
            values.put(e.getKey(), e.getValue().booleanValue());
        }
        long labelledAt = json.hasNonNull("labelled_at") ? timestamp(json, "labelled_at", eventId) : System.currentTimeMillis();
        return Label.newBuilder().setEventId(eventId).setLabels(values)
                .setLabelledAt(Instant.ofEpochMilli(labelledAt)).setSource(optionalText(json, "source", eventId)).build();
    }

    private void validate(GeneratedContent event) throws InvalidRecordException {
        String id = event.getEventId();
        requireText(id, "event_id", null);
        if (id.length() > limits.maxIdChars) {
            throw new InvalidRecordException(ErrorCode.TOO_LONG, "event_id is " + id.length() + " chars, over " + limits.maxIdChars, null);
        }
        requireText(event.getTenantId(), "tenant_id", id);
        requireText(event.getModelId(), "model_id", id);
        if (event.getCompletion() == null) {
            throw new InvalidRecordException(ErrorCode.MISSING_FIELD, "completion is required", id);
        }
        if (event.getCompletion().length() > limits.maxCompletionChars) {
            throw new InvalidRecordException(ErrorCode.TOO_LONG, "completion is " + event.getCompletion().length()
                    + " chars, over the limit of " + limits.maxCompletionChars + " (limits.max_completion_chars)", id);
        }
        if (event.getPrompt() != null && event.getPrompt().length() > limits.maxPromptChars) {
            throw new InvalidRecordException(ErrorCode.TOO_LONG, "prompt is " + event.getPrompt().length()
                    + " chars, over the limit of " + limits.maxPromptChars + " (limits.max_prompt_chars)", id);
        }
        notFromTheFuture(event.getCreatedAt(), "created_at", id);
        if (event.getTokenIds() != null && event.getTokenIds().size() > limits.maxTokens) {
            throw new InvalidRecordException(ErrorCode.TOO_MANY_TOKENS, "token_ids has " + event.getTokenIds().size()
                    + " tokens, over the limit of " + limits.maxTokens + " (limits.max_tokens)", id);
        }
    }

    private void notFromTheFuture(Instant time, String field, String eventId) throws InvalidRecordException {
        // now + skew cannot overflow (now is ~1.8e12 ms); time - now could, for times near Long.MIN_VALUE.
        if (time.toEpochMilli() > System.currentTimeMillis() + limits.maxClockSkew.toMillis()) {
            throw new InvalidRecordException(ErrorCode.INVALID_FIELD, field + " " + time + " is more than " + limits.maxClockSkew
                    + " ahead of the job's clock (limits.max_clock_skew)", eventId);
        }
    }

    private static String requireText(String value, String field, String eventId) throws InvalidRecordException {
        if (value == null || value.isBlank()) {
            throw new InvalidRecordException(ErrorCode.MISSING_FIELD, field + " is required and must not be empty", eventId);
        }
        return value;
    }

    private static String optionalText(JsonNode json, String field, String eventId) throws InvalidRecordException {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidRecordException(ErrorCode.INVALID_FIELD, field + " must be a string, got " + v.getNodeType(), eventId);
        }
        return v.textValue();
    }

    private static long timestamp(JsonNode json, String field, String eventId) throws InvalidRecordException {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidRecordException(ErrorCode.MISSING_FIELD, field + " is required (ISO-8601 or epoch millis)", eventId);
        }
        if (v.isNumber()) {
            // A number that does not fit a long, or has a fraction, must not be wrapped or rounded into a date.
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new InvalidRecordException(ErrorCode.INVALID_FIELD, field + " must be whole epoch milliseconds within a 64-bit range, got " + v, eventId);
            }
            return v.longValue();
        }
        if (v.isTextual()) {
            String text = v.textValue().trim();
            try {
                if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
                    return Long.parseLong(text);
                }
                return Instant.parse(text).toEpochMilli();
            } catch (NumberFormatException e) {
                throw new InvalidRecordException(ErrorCode.INVALID_FIELD, field + " must be epoch milliseconds within a 64-bit range, got " + text, eventId);
            } catch (DateTimeParseException e) {
                throw new InvalidRecordException(ErrorCode.INVALID_FIELD, field + " is not ISO-8601 nor epoch millis: " + text, eventId);
            } catch (ArithmeticException e) {
                throw new InvalidRecordException(ErrorCode.INVALID_FIELD, field + " is outside the range of epoch milliseconds: " + text, eventId);
            }
        }
        throw new InvalidRecordException(ErrorCode.INVALID_FIELD, field + " must be ISO-8601 text or epoch millis, got " + v.getNodeType(), eventId);
    }

    private static List<Integer> tokenIds(JsonNode v, String eventId) throws InvalidRecordException {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw new InvalidRecordException(ErrorCode.INVALID_FIELD, "token_ids must be an array of integers", eventId);
        }
        List<Integer> ids = new ArrayList<>(v.size());
        for (JsonNode id : v) {
            if (!id.isInt()) {
                throw new InvalidRecordException(ErrorCode.INVALID_FIELD, "token_ids must hold 32-bit integers, got " + id, eventId);
            }
            ids.add(id.intValue());
        }
        return ids;
    }

    private static Map<String, String> stringMap(JsonNode v, String field, String eventId) throws InvalidRecordException {
        Map<String, String> map = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return map;
        }
        if (!v.isObject()) {
            throw new InvalidRecordException(ErrorCode.INVALID_FIELD, field + " must be an object", eventId);
        }
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) v::fields) {
            JsonNode value = e.getValue();
            // The schema says map<string, string>: a null, number, boolean or object is the producer's mistake, and
            // turning it into text ("null", "5") would silently invent a group.
            if (!value.isTextual()) {
                throw new InvalidRecordException(ErrorCode.INVALID_FIELD, field + "." + e.getKey() + " must be a string, got "
                        + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT), eventId);
            }
            map.put(e.getKey(), value.textValue());
        }
        return map;
    }
}
