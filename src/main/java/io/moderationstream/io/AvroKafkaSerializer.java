package io.moderationstream.io;

import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Writes a generated Avro record in the configured {@link WireFormat} (single-object encoding: 2-byte marker, 8-byte
 * schema fingerprint, body; JSON; or registry framing), keyed by a string so that all records about one entity land
 * in one partition.
 */
public class AvroKafkaSerializer<T extends SpecificRecordBase> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    /** Serializable key extractor. */
    public interface KeyOf<T> extends Function<T, String>, java.io.Serializable {}

    private final String topic;
    private final Class<T> type;
    private final KeyOf<T> keyOf;
    private final WireFormat format;
    /** Null unless the format is registry. */
    private final RegistryCodec registry;
    private transient BinaryMessageEncoder<T> encoder;

    public AvroKafkaSerializer(String topic, Class<T> type, KeyOf<T> keyOf, WireFormat format, RegistryCodec registry) {
        if (format == WireFormat.REGISTRY && registry == null) {
            throw new IllegalArgumentException("the registry format needs a registry");
        }
        this.topic = topic;
        this.type = type;
        this.keyOf = keyOf;
        this.format = format;
        this.registry = registry;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        encoder = new BinaryMessageEncoder<>(SpecificData.getForClass(type), SpecificData.get().getSchema(type));
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        if (encoder == null) {
            open(null, context);
        }
        try {
            String key = keyOf.apply(element);
            byte[] value = switch (format) {
                case SINGLE_OBJECT -> AvroBytes.toArray(encoder.encode(element));
                case JSON -> AvroJson.toJsonLine(element).getBytes(StandardCharsets.UTF_8);
                case REGISTRY -> registry.serialize(topic, element);
            };
            // Write time, not event time: a broker rejects timestamps outside its window, and input must never crash the job.
            return new ProducerRecord<>(topic, null, null, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
