package io.moderationstream.tools.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Properties;

/** The Kafka clients the pipeline benchmarks drive the job with: one place that sets them up the same way. */
final class BenchKafkaClients {
    private BenchKafkaClients() {}

    /**
     * A producer for paced input: one request in flight keeps the send order (and so the latency sample) exact;
     * {@code unbatched} sends each record at once, for latency runs.
     */
    static KafkaProducer<byte[], byte[]> pacedProducer(String bootstrap, boolean unbatched) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        if (unbatched) {
            p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        }
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A consumer that sees only committed verdicts (the exactly-once sink's transactions), from the start. */
    static KafkaConsumer<byte[], byte[]> committedReader(String bootstrap, String group) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
