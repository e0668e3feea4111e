package io.moderationstream.tools.embedded;

import io.moderationstream.avro.Alert;
import io.moderationstream.avro.DeadLetter;
import io.moderationstream.avro.FairnessStats;
import io.moderationstream.avro.SliceResult;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import io.moderationstream.io.TopicIO;
import io.moderationstream.io.RegistryCodec;
import io.moderationstream.io.WireFormat;
import io.moderationstream.pipeline.JobEnvironment;
import io.moderationstream.pipeline.ModerationPipeline;
import io.moderationstream.scoring.toxicity.ToxicityPlugin;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The embedded default behind {@code demo} and {@code replay}: a real KRaft broker in this JVM, the topics, the
 * input written to it, the unchanged job on a local Flink mini cluster reading up to the input's end, and the
 * committed outputs read back.
 */
public final class EmbeddedRun {
    private EmbeddedRun() {}

    /** The committed outputs, and where each input record went (or why the broker refused it), in input order. */
    public record Result(List<Verdict> verdicts, List<Verdict> review, List<FairnessStats> fairness, List<Alert> alerts,
                         List<SliceResult> sliceResults, List<DeadLetter> deadLetters, long jobMillis, List<TopicIO.Sent> eventsSent, List<TopicIO.Sent> labelsSent) {}

    public static Result run(JobConfig config, List<byte[]> events, List<byte[]> labels, int parallelism) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            config.kafka.bootstrapServers = kafka.bootstrapServers();
            JobConfig.Topics t = config.topics;
            String recordBytes = Integer.toString(config.limits.kafkaMaxRecordBytes());
            kafka.createTopics(2, Map.of("max.message.bytes", recordBytes), t.inputs().toArray(String[]::new));
            kafka.createTopics(2, t.outputs().toArray(String[]::new));
            kafka.createTopics(1, Map.of("cleanup.policy", "compact"), t.slices);
            Map<String, String> producer = new java.util.HashMap<>(config.kafka.properties);
            producer.put("max.request.size", recordBytes);
            List<TopicIO.Sent> eventsSent = TopicIO.send(kafka.bootstrapServers(), producer, t.events, events);
            List<TopicIO.Sent> labelsSent = TopicIO.send(kafka.bootstrapServers(), producer, t.labels, labels);

            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                    parallelism, JobEnvironment.flinkConfiguration(config));
            ModerationPipeline pipeline = ModerationPipeline.of(config);
            pipeline.registerSchemas();
            pipeline.build(env, true);
            long start = System.currentTimeMillis();
            env.execute(config.jobName);
            long jobMillis = System.currentTimeMillis() - start;

            String bootstrap = kafka.bootstrapServers();
            return new Result(
                    read(bootstrap, config, t.verdicts, Verdict.class),
                    read(bootstrap, config, t.review, Verdict.class),
                    read(bootstrap, config, t.fairness, FairnessStats.class),
                    read(bootstrap, config, t.alerts, Alert.class),
                    read(bootstrap, config, t.sliceResults, SliceResult.class),
                    read(bootstrap, config, t.deadLetter, DeadLetter.class),
                    jobMillis, eventsSent, labelsSent);
        }
    }

    /** Every record of an output topic, in whichever wire format the job wrote it. */
    private static <T extends SpecificRecord> List<T> read(String bootstrap, JobConfig config, String topic, Class<T> type) {
        List<T> out = new ArrayList<>();
        try (RegistryCodec registry = config.serialization.registry()) {
            for (ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(bootstrap, config.kafka.properties, topic)) {
                try {
                    out.add(WireFormat.decode(r.value(), type, topic, registry));
                } catch (IOException e) {
                    throw new UncheckedIOException("undecodable record on " + topic, e);
                }
            }
        }
        return out;
    }
}
