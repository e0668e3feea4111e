package io.moderationstream.io;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.rest.client.models.ProblemDetails;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * Schema-registry framing (the Confluent wire format: magic byte 0, a 4-byte content id, the Avro binary body) through
 * Apicurio's Avro serde, against any registry that serves the Apicurio v3 API (Apicurio Registry 3.x). Records are
 * written under the subject {@code <topic>-value} (the serde's topic strategy) and read into the generated classes,
 * with Avro's schema resolution from the writer's schema, fetched once per id, to this build's.
 */
public class RegistryCodec implements Serializable, AutoCloseable {
    private static final long serialVersionUID = 1L;

    /** The first byte of a registry-framed record. */
    public static final byte MAGIC = 0;

    private final String url;
    /** Per topic: a serializer pinned to the version registered for it. */
    private transient Map<String, AvroKafkaSerializer<SpecificRecord>> serializers;
    private transient AvroKafkaDeserializer<Object> deserializer;

    public RegistryCodec(String url) {
        this.url = url;
    }

    public String url() {
        return url;
    }

    public static boolean isRegistryFramed(byte[] bytes) {
        return bytes.length >= 5 && bytes[0] == MAGIC;
    }

    /** The schema id of a registry-framed record, for messages. */
    public static int schemaId(byte[] bytes) {
        return ((bytes[1] & 0xFF) << 24) | ((bytes[2] & 0xFF) << 16) | ((bytes[3] & 0xFF) << 8) | (bytes[4] & 0xFF);
    }

    /**
     * Frames the record with the id of its schema under {@code <topic>-value}. The schema is registered whole by
     * {@link SchemaRegistration} on a topic's first record (finding the same content returns the same version), and
     * the serde is pinned to that version: its own auto-registration would split nested records into references,
     * which plain Avro readers (and Confluent clients) cannot parse.
     */
    public byte[] serialize(String topic, SpecificRecord record) {
        if (serializers == null) {
            serializers = new HashMap<>();
        }
        AvroKafkaSerializer<SpecificRecord> serializer = serializers.get(topic);
        if (serializer == null) {
            SchemaRegistration.Registered registered = SchemaRegistration.register(url, Map.of(topic, record.getSchema())).get(topic);
            serializer = new AvroKafkaSerializer<>();
            serializer.configure(Map.of(SchemaResolverConfig.REGISTRY_URL, url,
                    SchemaResolverConfig.AUTO_REGISTER_ARTIFACT, "false",
                    SchemaResolverConfig.EXPLICIT_ARTIFACT_GROUP_ID, SchemaRegistration.GROUP,
                    SchemaResolverConfig.EXPLICIT_ARTIFACT_ID, registered.subject(),
                    SchemaResolverConfig.EXPLICIT_ARTIFACT_VERSION, registered.version()), false);
            serializers.put(topic, serializer);
        }
        return serializer.serialize(topic, record);
    }

    /**
     * Reads a registry-framed record as {@code type}. An id the registry does not know, or a record of another type, is
     * an IOException (the record is at fault); a registry that cannot be asked is a {@link RegistryUnavailableException}.
     */
    public <T extends SpecificRecord> T deserialize(String topic, byte[] bytes, Class<T> type) throws IOException {
        if (deserializer == null) {
            deserializer = new AvroKafkaDeserializer<>();
            deserializer.configure(Map.of(SchemaResolverConfig.REGISTRY_URL, url, AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, "true"), false);
        }
        Object record;
        try {
            record = deserializer.deserialize(topic, bytes);
        } catch (RuntimeException e) {
            if (registryAnswered(e)) {
                throw new IOException("registry-framed record with schema id " + schemaId(bytes) + " cannot be read from " + url + ": "
                        + e.getMessage(), e);
            }
            throw new RegistryUnavailableException("schema registry " + url + " cannot be asked for schema id " + schemaId(bytes), e);
        }
        if (!type.isInstance(record)) {
            throw new IOException("registry-framed record with schema id " + schemaId(bytes) + " is a "
                    + (record == null ? "null" : record.getClass().getSimpleName()) + ", not a " + type.getSimpleName());
        }
        return type.cast(record);
    }

    /** Whether the failure is the registry's answer about the id (a 4xx problem), not a failure to ask it. */
    private static boolean registryAnswered(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProblemDetails problem) {
                return problem.getStatus() == null || problem.getStatus() < 500;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (serializers != null) {
            serializers.values().forEach(AvroKafkaSerializer::close);
        }
        if (deserializer != null) {
            deserializer.close();
        }
    }
}
