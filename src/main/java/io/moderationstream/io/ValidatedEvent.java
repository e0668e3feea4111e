package io.moderationstream.io;

import io.moderationstream.avro.GeneratedContent;

/** A decoded, validated event with where it came from (for dead letters) and when it was ingested (for latency). */
public class ValidatedEvent {
    public GeneratedContent content;
    public String sourceTopic;
    public int partition;
    public long offset;
    public long ingestedAt;
    /** The record's bytes as they arrived, kept until de-duplication so that a duplicate's dead letter holds them. */
    public byte[] raw;

    public ValidatedEvent() {}

    public ValidatedEvent(GeneratedContent content, String sourceTopic, int partition, long offset, long ingestedAt) {
        this.content = content;
        this.sourceTopic = sourceTopic;
        this.partition = partition;
        this.offset = offset;
        this.ingestedAt = ingestedAt;
    }

    /** The same event without its raw bytes: what travels on to the scorers. */
    public ValidatedEvent withoutRaw() {
        return new ValidatedEvent(content, sourceTopic, partition, offset, ingestedAt);
    }

    public String eventId() {
        return content.getEventId();
    }
}
