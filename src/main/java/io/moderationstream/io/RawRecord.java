package io.moderationstream.io;

/** An input record exactly as read from Kafka, before any decoding: nothing can fail at the source. */
public class RawRecord {
    public String topic;
    public int partition;
    public long offset;
    /** Kafka record timestamp: the ingestion time used for end-to-end latency. */
    public long timestamp;
    public byte[] key;
    public byte[] value;

    public RawRecord() {}

    public RawRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }
}
