package io.moderationstream.io;

/**
 * Caps what a length prefix in an Avro body may make the decoder allocate. Avro trusts the lengths a record declares:
 * a 20-byte body claiming a 2-billion-entry map or string made the decoder allocate gigabytes and ran the JVM out of
 * memory (found by {@code DecoderFuzzTest}). Avro (≥ 1.11.3) checks declared lengths against three system
 * properties, read once when its {@code SystemLimitException} class loads, so they are set before the first record
 * is decoded; a value the operator set on the JVM's command line wins. With the caps a corrupt body is an
 * {@code AvroRuntimeException}, which the decoder dead-letters as NOT_DECODABLE.
 */
public final class AvroDecodingLimits {
    /** Items per array or map: far above limits.max_tokens and any metadata a record can carry. */
    static final int MAX_COLLECTION_ITEMS = 4 * 1024 * 1024;
    /** Bytes per string or bytes field: above any record the job accepts (limits.max_record_bytes). */
    static final int MAX_STRING_BYTES = 64 * 1024 * 1024;

    private AvroDecodingLimits() {}

    public static void apply() {
        setIfAbsent("org.apache.avro.limits.collectionItems.maxLength", MAX_COLLECTION_ITEMS);
        setIfAbsent("org.apache.avro.limits.string.maxLength", MAX_STRING_BYTES);
        setIfAbsent("org.apache.avro.limits.bytes.maxLength", MAX_STRING_BYTES);
    }

    private static void setIfAbsent(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}
