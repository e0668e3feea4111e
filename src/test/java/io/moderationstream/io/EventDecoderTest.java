package io.moderationstream.io;

import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.Label;
import io.moderationstream.config.JobConfig;
import io.moderationstream.testing.TestEvents;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every error code of the decoder, on both wire formats, and what it accepts. */
class EventDecoderTest {
    private final EventDecoder decoder = new EventDecoder(limits());

    private static JobConfig.Limits limits() {
        JobConfig.Limits l = new JobConfig.Limits();
        l.maxRecordBytes = 4096;
        l.maxCompletionChars = 100;
        l.maxPromptChars = 100;
        l.maxTokens = 4;
        l.maxIdChars = 16;
        return l;
    }

    static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String event(String extra) {
        return "{\"event_id\":\"e\",\"tenant_id\":\"t\",\"model_id\":\"m\",\"created_at\":\"2026-11-23T09:00:00Z\",\"completion\":\"hi\"" + extra + "}";
    }

    void rejects(byte[] bytes, ErrorCode code, String messagePart) {
        assertThatThrownBy(() -> decoder.decodeEvent(bytes)).isInstanceOfSatisfying(InvalidRecordException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    @Test
    void acceptsJsonAndAvroWithTheSameContent() throws Exception {
        GeneratedContent fromJson = decoder.decodeEvent(json(event(",\"groups\":{\"dialect\":\"aae\"},\"token_ids\":[1,2]")));
        assertThat(fromJson.getGroups()).containsEntry("dialect", "aae");
        assertThat(fromJson.getTokenIds()).containsExactly(1, 2);
        assertThat(fromJson.getCreatedAt()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
        GeneratedContent avro = TestEvents.event("e2", "hello", Map.of("g", "x"), 0);
        assertThat(decoder.decodeEvent(TestEvents.avro(avro))).isEqualTo(avro);
        assertThat(decoder.decodeEvent(json(event("").replace("\"2026-11-23T09:00:00Z\"", "-5"))).getCreatedAt().toEpochMilli()).isEqualTo(-5);
    }

    @Test
    void notDecodable() {
        rejects(new byte[0], ErrorCode.NOT_DECODABLE, "empty");
        rejects(json("[1]"), ErrorCode.NOT_DECODABLE, "must be an object");
        rejects(json(event("") + " trailing"), ErrorCode.NOT_DECODABLE, "valid JSON");
        rejects(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'}, ErrorCode.NOT_DECODABLE, "valid JSON");
        byte[] avro = TestEvents.avro(TestEvents.event("e", "hello", Map.of(), 0));
        rejects(Arrays.copyOf(avro, avro.length - 3), ErrorCode.NOT_DECODABLE, "corrupt Avro");
    }

    @Test
    void unknownSchema() throws Exception {
        byte[] label = AvroBytes.toArray(new Label("e", Map.of(), Instant.EPOCH, null).toByteBuffer());
        rejects(label, ErrorCode.UNKNOWN_SCHEMA, "not a known GeneratedContent version");
    }

    @Test
    void missingField() {
        rejects(json(event("").replace("\"completion\":\"hi\"", "\"completion\":\"  \"")), ErrorCode.MISSING_FIELD, "completion");
        rejects(json(event("").replace("\"tenant_id\":\"t\",", "")), ErrorCode.MISSING_FIELD, "tenant_id");
        rejects(json(event("").replace("\"2026-11-23T09:00:00Z\"", "null")), ErrorCode.MISSING_FIELD, "created_at");
    }

    @Test
    void invalidField() {
        rejects(json(event("").replace("\"2026-11-23T09:00:00Z\"", "99999999999999999999999")), ErrorCode.INVALID_FIELD, "64-bit");
        rejects(json(event("").replace("\"2026-11-23T09:00:00Z\"", "1.5")), ErrorCode.INVALID_FIELD, "whole");
        rejects(json(event("").replace("2026-11-23T09:00:00Z", "9999-01-01T00:00:00Z")), ErrorCode.INVALID_FIELD, "limits.max_clock_skew");
        rejects(json(event(",\"groups\":{\"target\":null}")), ErrorCode.INVALID_FIELD, "groups.target must be a string, got null");
        rejects(json(event(",\"metadata\":{\"k\":5}")), ErrorCode.INVALID_FIELD, "metadata.k must be a string, got number");
        rejects(json(event(",\"token_ids\":[1,\"2\"]")), ErrorCode.INVALID_FIELD, "token_ids");
        rejects(json(event("").replace("\"model_id\":\"m\"", "\"model_id\":7")), ErrorCode.INVALID_FIELD, "model_id must be a string");
    }

    @Test
    void tooLargeTooLongTooManyTokens() {
        rejects(json(event(",\"prompt\":\"" + "p".repeat(5000) + "\"")), ErrorCode.TOO_LARGE, "limits.max_record_bytes");
        rejects(json(event("").replace("\"hi\"", "\"" + "c".repeat(101) + "\"")), ErrorCode.TOO_LONG, "limits.max_completion_chars");
        rejects(json(event("").replace("\"event_id\":\"e\"", "\"event_id\":\"" + "i".repeat(17) + "\"")), ErrorCode.TOO_LONG, "event_id");
        rejects(json(event(",\"token_ids\":[1,2,3,4,5]")), ErrorCode.TOO_MANY_TOKENS, "limits.max_tokens");
    }

    @Test
    void labels() throws Exception {
        assertThat(decoder.decodeLabel(json("{\"event_id\":\"e\",\"labels\":{\"toxic\":true},\"labelled_at\":1}")).getLabels())
                .containsEntry("toxic", true);
        assertThatThrownBy(() -> decoder.decodeLabel(json("{\"event_id\":\"e\",\"labels\":{\"toxic\":\"yes\"}}")))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        assertThatThrownBy(() -> decoder.decodeLabel(json("{\"event_id\":\"e\"}")))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_FIELD));
        assertThatThrownBy(() -> decoder.decodeLabel(json("{\"event_id\":\"e\",\"labels\":{},\"labelled_at\":\"9999-01-01T00:00:00Z\"}")))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
    }

    @Test
    void registryFramedInputWithoutARegistryIsDeadLetteredWithTheSettingToFix() {
        byte[] framed = {0, 0, 0, 0, 42, 2, 'e'};
        rejects(framed, ErrorCode.UNKNOWN_SCHEMA, "schema id 42) but serialization.registry_url is not set");
        assertThatThrownBy(() -> decoder.decodeLabel(framed)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("serialization.registry_url");
        assertThatThrownBy(() -> WireFormat.decode(framed, GeneratedContent.class))
                .hasMessageContaining("schema id 42").hasMessageContaining("serialization.registry_url");
    }
}
