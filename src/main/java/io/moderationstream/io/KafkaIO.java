package io.moderationstream.io;

import io.moderationstream.config.JobConfig;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.util.Properties;

/** Builds the Kafka source and sinks from the job configuration; security properties pass straight through. */
public final class KafkaIO {
    private KafkaIO() {}

    public static Properties clientProperties(JobConfig.KafkaConfig kafka) {
        Properties props = new Properties();
        props.putAll(kafka.properties);
        return props;
    }

    /**
     * @param bounded stop at the offsets that are the latest when the job starts (replay, demo, tests); otherwise
     *                read forever.
     */
    public static KafkaSource<RawRecord> source(JobConfig config, String topic, String groupSuffix, boolean bounded) {
        JobConfig.KafkaConfig kafka = config.kafka;
        OffsetResetStrategy reset = kafka.startingOffsets == JobConfig.StartingOffsets.LATEST
                ? OffsetResetStrategy.LATEST : OffsetResetStrategy.EARLIEST;
        var builder = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(kafka.bootstrapServers)
                .setTopics(topic)
                .setGroupId(kafka.groupId + groupSuffix)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(reset))
                .setDeserializer(new RawRecordDeserializer())
                .setProperties(clientProperties(kafka))
                // Only committed output of upstream transactional producers is moderated.
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", bounded ? "-1" : "60000");
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    public static <T extends SpecificRecordBase> KafkaSink<T> sink(
            JobConfig config, String topic, Class<T> type, AvroKafkaSerializer.KeyOf<T> keyOf, String name) {
        JobConfig.KafkaConfig kafka = config.kafka;
        boolean exactlyOnce = config.delivery == JobConfig.DeliveryGuarantee.EXACTLY_ONCE;
        var builder = KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers)
                .setKafkaProducerConfig(clientProperties(kafka))
                .setRecordSerializer(new AvroKafkaSerializer<>(topic, type, keyOf, config.serialization.format,
                        config.serialization.format == WireFormat.REGISTRY ? config.serialization.registry() : null))
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                .setProperty("transaction.timeout.ms", Long.toString(kafka.transactionTimeout.toMillis()))
                .setProperty("compression.type", "lz4");
        if (exactlyOnce) {
            // One prefix per sink: transactional ids must not collide between the sinks of the job.
            builder.setTransactionalIdPrefix(kafka.transactionalIdPrefix + "-" + name);
        }
        return builder.build();
    }
}
