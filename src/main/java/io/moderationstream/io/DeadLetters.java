package io.moderationstream.io;

import io.moderationstream.avro.DeadLetter;
import org.apache.flink.util.OutputTag;

import java.nio.ByteBuffer;
import java.time.Instant;

/** The dead-letter side output shared by every operator that can reject a record. */
public final class DeadLetters {
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

    private DeadLetters() {}

    public static DeadLetter of(RawRecord raw, String code, String reason, String eventId, int maxBytes) {
        return DeadLetter.newBuilder()
                .setSourceTopic(raw.topic)
                .setPartition(raw.partition)
                .setOffset(raw.offset)
                .setKey(raw.key == null ? null : ByteBuffer.wrap(raw.key, 0, Math.min(raw.key.length, 4096)).slice())
                .setRaw(ByteBuffer.wrap(raw.value, 0, Math.min(raw.value.length, maxBytes)).slice())
                .setRawSize(raw.value.length)
                .setRawTruncated(raw.value.length > maxBytes)
                .setErrorCode(code)
                .setReason(reason)
                .setEventId(eventId)
                .setFailedAt(Instant.now())
                .build();
    }
}
