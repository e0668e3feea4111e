package io.moderationstream.io;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Plain Kafka clients for tools and tests: write values to a topic, read a topic's committed records to its end. */
public final class TopicIO {
    private TopicIO() {}

    /** Where one value went: its partition and offset, or why the broker or client refused it. */
    public record Sent(int partition, long offset, Exception failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    /** Thrown when any value could not be written: how many, and the first one with its reason. */
    public static final class ProduceException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProduceException(String topic, List<Sent> sent) {
            super(describe(topic, sent));
        }

        private static String describe(String topic, List<Sent> sent) {
            int failed = 0;
            Sent first = null;
            int firstIndex = -1;
            for (int i = 0; i < sent.size(); i++) {
                if (!sent.get(i).ok()) {
                    failed++;
                    if (first == null) {
                        first = sent.get(i);
                        firstIndex = i;
                    }
                }
            }
            return failed + " of " + sent.size() + " records could not be written to " + topic + "; the first (record "
                    + (firstIndex + 1) + "): " + first.failure().getMessage();
        }
    }

    /** Writes every value, or throws {@link ProduceException} naming the ones the broker did not take. */
    public static List<Sent> produce(String bootstrap, Map<String, String> clientProps, String topic, List<byte[]> values) {
        List<Sent> sent = send(bootstrap, clientProps, topic, values);
        requireAllWritten(topic, sent);
        return sent;
    }

    /** For input that is a tool's own (demo, tests): a record the broker refused is a bug, not a datum. */
    public static void requireAllWritten(String topic, List<Sent> sent) {
        if (sent.stream().anyMatch(s -> !s.ok())) {
            throw new ProduceException(topic, sent);
        }
    }

    /**
     * Writes every value and reports, per value and in order, where it went or why it was refused (too large, say):
     * a producer's failures arrive in callbacks, and a tool that ignores them loses records without a word.
     */
    public static List<Sent> send(String bootstrap, Map<String, String> clientProps, String topic, List<byte[]> values) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // One request in flight: a retried first batch can then never fall out of the broker's five-batch
        // de-duplication window (seen as an endless OutOfOrderSequenceException on a loaded 2-core machine).
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        Sent[] sent = new Sent[values.size()];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < values.size(); i++) {
                int index = i;
                try {
                    producer.send(new ProducerRecord<>(topic, values.get(i)), (metadata, failure) -> sent[index] = failure == null
                            ? new Sent(metadata.partition(), metadata.offset(), null) : new Sent(-1, -1, failure));
                } catch (org.apache.kafka.common.KafkaException e) {
                    // Refused before it left the client (e.g. over max.request.size).
                    sent[index] = new Sent(-1, -1, e);
                }
            }
            producer.flush();
        }
        return java.util.Arrays.asList(sent);
    }

    /** All records of the topic that are committed now (read_committed), from the beginning to the end offsets. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, Map<String, String> clientProps, String topic) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(pi -> partitions.add(new TopicPartition(topic, pi.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                boolean done = true;
                for (TopicPartition tp : partitions) {
                    if (consumer.position(tp) < end.get(tp)) {
                        done = false;
                    }
                }
                if (done) {
                    break;
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
