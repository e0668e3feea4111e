package io.moderationstream.io;

import io.moderationstream.avro.DeadLetter;
import org.apache.flink.util.OutputTag;

import java.nio.ByteBuffer;
import java.time.Instant;

/** The dead-letter side output shared by every operator that can reject a record. */
public final class DeadLetters {
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

    private DeadLetters() {}

    public static DeadLetter of(RawRecord raw, ErrorCode code, String reason, String eventId, int maxBytes) {
        return of(raw.topic, raw.partition, raw.offset, raw.key, raw.value, code, reason, eventId, maxBytes);
    }

    /** A dead letter whose raw bytes are cut to {@code maxBytes}, so that it always fits in a Kafka record itself. */
    public static DeadLetter of(String topic, int partition, long offset, byte[] key, byte[] value, ErrorCode code, String reason,
                                String eventId, int maxBytes) {
        return DeadLetter.newBuilder()
                .setSourceTopic(topic)
                .setPartition(partition)
                .setOffset(offset)
                .setKey(key == null ? null : ByteBuffer.wrap(key, 0, Math.min(key.length, 4096)).slice())
                .setRaw(ByteBuffer.wrap(value, 0, Math.min(value.length, maxBytes)).slice())
                .setRawSize(value.length)
                .setRawTruncated(value.length > maxBytes)
                .setErrorCode(code.name())
                .setReason(reason)
                .setEventId(eventId)
                .setFailedAt(Instant.now())
                .build();
    }
}
