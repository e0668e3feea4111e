package io.moderationstream.tools.cli;

import io.moderationstream.avro.SliceDefinition;
import io.moderationstream.config.JobConfig;
import io.moderationstream.fairness.slices.SliceDefinitions;
import io.moderationstream.io.AvroBytes;
import io.moderationstream.io.AvroJson;
import io.moderationstream.io.KafkaIO;
import io.moderationstream.io.RegistryCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

/** Slices that auditors ask the running job to evaluate. */
@Command(name = "slices", mixinStandardHelpOptions = true, description = "Submitted slices (bias bounties, last-mile audits).",
        subcommands = {SlicesCommand.Submit.class})
public class SlicesCommand {

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Validate slice definitions (JSON, SliceDefinition field names; created_at defaults to now) and write them "
                    + "to the job's slices topic, keyed by slice_id: a running job evaluates them from its next records on; "
                    + "results arrive on the slice-results topic per fairness window. Submit again with \"retired\": true to stop one.")
    static class Submit implements Callable<Integer> {
        @Option(names = "--file", required = true, description = "One definition per line, or one JSON object or array.")
        Path file;

        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() throws Exception {
            JobConfig jobConfig = config.load("/jobs/embedded.yaml", List.of());
            List<SliceDefinition> definitions = SliceDefinitions.read(file, Instant.now());
            Properties props = KafkaIO.clientProperties(jobConfig.kafka);
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, jobConfig.kafka.bootstrapServers);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
                 RegistryCodec registry = jobConfig.serialization.registry()) {
                for (SliceDefinition d : definitions) {
                    byte[] value = switch (jobConfig.serialization.format) {
                        case SINGLE_OBJECT -> AvroBytes.toArray(SliceDefinition.getEncoder().encode(d));
                        case JSON -> AvroJson.toJsonLine(d).getBytes(StandardCharsets.UTF_8);
                        case REGISTRY -> registry.serialize(jobConfig.topics.slices, d);
                    };
                    // get(): a refused definition is an error here, not a silent loss.
                    producer.send(new ProducerRecord<>(jobConfig.topics.slices, d.getSliceId().getBytes(StandardCharsets.UTF_8), value)).get();
                    System.out.println((d.getRetired() ? "retired " : "submitted ") + d.getSliceId() + " -> " + jobConfig.topics.slices);
                }
            }
            return 0;
        }
    }
}
