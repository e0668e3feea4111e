package io.moderationstream.io;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.moderationstream.config.ConfigErrors;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;

/**
 * How the job writes its output topics ({@code serialization.format}). Readers need not be told: the first byte
 * says which one a record is ({@link #decode}), so consumers keep working while producers migrate.
 */
public enum WireFormat {
    /** Avro single-object encoding: C3 01, the schema's 8-byte fingerprint, the binary body (the default). */
    SINGLE_OBJECT("single-object"),
    /**
     * One JSON object per record with the schema's field names and real JSON types (arrays, numbers, booleans;
     * timestamps as epoch milliseconds; NaN and infinities as null), for warehouses that ingest JSON from Kafka.
     */
    JSON("json"),
    /**
     * Schema-registry framing (the Confluent wire format: magic byte 0, a 4-byte schema id, the Avro binary body),
     * subjects {@code <topic>-value}, through {@code serialization.registry_url}.
     */
    REGISTRY("registry");

    private final String configName;

    WireFormat(String configName) {
        this.configName = configName;
    }

    @JsonValue
    public String configName() {
        return configName;
    }

    @Override
    public String toString() {
        return configName;
    }

    @JsonCreator
    public static WireFormat fromName(String name) {
        return ConfigErrors.byConfigName(values(), WireFormat::configName, name, "serialization format");
    }

    /** Reads an output record in the single-object or JSON format, told apart by its first byte. */
    public static <T extends SpecificRecord> T decode(byte[] bytes, Class<T> type) throws IOException {
        return decode(bytes, type, "", null);
    }

    /** Reads a record in any of the three formats, told apart by its first byte; {@code registry} may be null. */
    public static <T extends SpecificRecord> T decode(byte[] bytes, Class<T> type, String topic, RegistryCodec registry) throws IOException {
        if (RegistryCodec.isRegistryFramed(bytes)) {
            if (registry == null) {
                throw new IOException("schema-registry framed record (schema id " + RegistryCodec.schemaId(bytes)
                        + "); set serialization.registry_url to read it");
            }
            return registry.deserialize(topic, bytes, type);
        }
        if (bytes.length > 0 && bytes[0] == (byte) 0xC3) {
            BinaryMessageDecoder<T> decoder = new BinaryMessageDecoder<>(SpecificData.getForClass(type), SpecificData.get().getSchema(type));
            return decoder.decode(bytes);
        }
        if (bytes.length > 0 && bytes[0] == '{') {
            try {
                return AvroJson.fromJson(AvroJson.MAPPER.readTree(bytes), type);
            } catch (IllegalArgumentException e) {
                throw new IOException("not a " + type.getSimpleName() + ": " + e.getMessage(), e);
            }
        }
        throw new IOException("neither registry framing, Avro single-object encoding nor a JSON object (first byte "
                + (bytes.length == 0 ? "none" : String.format("0x%02X", bytes[0])) + ")");
    }
}
