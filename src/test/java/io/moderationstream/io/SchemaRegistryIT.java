package io.moderationstream.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.moderationstream.avro.Alert;
import io.moderationstream.avro.DeadLetter;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.ConfigException;
import io.moderationstream.config.JobConfig;
import io.moderationstream.pipeline.ModerationPipeline;
import io.moderationstream.testing.JobRuns;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import io.moderationstream.testing.TestKafka;
import io.moderationstream.tools.embedded.EmbeddedKafka;
import io.moderationstream.tools.embedded.EmbeddedRegistry;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Registry framing against Apicurio Registry's real server (a child JVM on Java ≥ 21): the job registers its output
 * schemas under {@code <topic>-value} with BACKWARD compatibility, writes the Confluent wire format, reads
 * registry-framed input beside the other formats, and refuses to start on an incompatible schema change. The records
 * are read back by code that is not this project's: Apicurio's deserializer into generic records, and the
 * Confluent-compatible lookup (schema by id over {@code /apis/ccompat/v7}, then plain Avro) that Confluent clients do.
 */
class SchemaRegistryIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static EmbeddedRegistry registry;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = EmbeddedRegistry.start();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    @Timeout(300)
    void theJobWritesRegistryFramedRecordsThatOtherConsumersRead() throws Exception {
        EmbeddedKafka kafka = TestKafka.get();
        JobConfig config = registryFramed(kafka, JobConfig.DeliveryGuarantee.EXACTLY_ONCE);
        kafka.createTopics(2, PipelineFixture.topics(config));
        // Input in all three formats: producers migrate one at a time.
        List<byte[]> events = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (RegistryCodec producer = new RegistryCodec(registry.url())) {
            for (int i = 0; i < 18; i++) {
                var e = TestEvents.event("reg-" + i, i % 3 == 0 ? "you pathetic idiot" : "a kind answer " + i, Map.of("gender", i % 2 == 0 ? "female" : "male"), i * 60L);
                ids.add(e.getEventId());
                events.add(switch (i % 3) {
                    case 0 -> producer.serialize(config.topics.events, e);
                    case 1 -> TestEvents.avro(e);
                    default -> AvroJson.toJsonLine(e).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                });
            }
        }
        // A registry-framed record whose schema id the registry never issued: dead-lettered, the job goes on.
        events.add(new byte[] {0, 0x7F, 0x7F, 0x7F, 0x7F, 2, 4, 6});
        TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events, events);
        JobRuns.runToEnd(config, 2);

        List<ConsumerRecord<byte[], byte[]>> verdicts = TopicIO.readAll(kafka.bootstrapServers(), Map.of(), config.topics.verdicts);
        assertThat(verdicts).hasSize(18).allSatisfy(r -> assertThat(r.value()[0]).as("magic byte").isEqualTo((byte) 0));

        // Apicurio's deserializer, generic records: no generated classes needed.
        Set<String> apicurioRead = new HashSet<>();
        try (AvroKafkaDeserializer<GenericRecord> foreign = new AvroKafkaDeserializer<>()) {
            foreign.configure(Map.of(SchemaResolverConfig.REGISTRY_URL, registry.url()), false);
            verdicts.forEach(r -> apicurioRead.add(foreign.deserialize(config.topics.verdicts, r.value()).get("event_id").toString()));
        }
        assertThat(apicurioRead).isEqualTo(ids);

        // What a Confluent client does: the 4-byte id after the magic byte, the schema from /schemas/ids/{id}, plain Avro.
        Set<String> confluentRead = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : verdicts) {
            int id = RegistryCodec.schemaId(r.value());
            JsonNode body = getJson(registry.confluentUrl() + "/schemas/ids/" + id);
            Schema writer = new Schema.Parser().parse(body.get("schema").asText());
            GenericRecord record = new GenericDatumReader<GenericRecord>(writer)
                    .read(null, DecoderFactory.get().binaryDecoder(r.value(), 5, r.value().length - 5, null));
            confluentRead.add(record.get("event_id").toString());
            assertThat(writer.getFullName()).isEqualTo(Verdict.getClassSchema().getFullName());
        }
        assertThat(confluentRead).isEqualTo(ids);

        // Subjects per topic, BACKWARD compatibility.
        JsonNode subjects = getJson(registry.confluentUrl() + "/subjects");
        List<String> names = new ArrayList<>();
        subjects.forEach(s -> names.add(s.asText()));
        assertThat(names).contains(config.topics.verdicts + "-value", config.topics.fairness + "-value", config.topics.alerts + "-value",
                config.topics.deadLetter + "-value", config.topics.sliceResults + "-value", config.topics.events + "-value");
        assertThat(getJson(registry.confluentUrl() + "/config/" + config.topics.verdicts + "-value").get("compatibilityLevel").asText())
                .isEqualTo("BACKWARD");

        List<DeadLetter> dead = new ArrayList<>();
        try (RegistryCodec codec = new RegistryCodec(registry.url())) {
            for (ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(kafka.bootstrapServers(), Map.of(), config.topics.deadLetter)) {
                dead.add(WireFormat.decode(r.value(), DeadLetter.class, config.topics.deadLetter, codec));
            }
        }
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.getErrorCode()).isEqualTo(ErrorCode.UNKNOWN_SCHEMA.name());
            assertThat(d.getReason()).contains("schema id 2139062143");
        });
    }

    @Test
    @Timeout(120)
    void anIncompatibleSchemaChangeStopsTheStartWithTheSubjectAndTheRule() throws Exception {
        JobConfig config = registryFramed(TestKafka.get(), JobConfig.DeliveryGuarantee.AT_LEAST_ONCE);
        // An older Alert without a field this build's Alert requires (no default): data written with it could not be
        // read with the new schema, so BACKWARD refuses the new one.
        Schema current = Alert.getClassSchema();
        Schema.Field required = current.getFields().stream().filter(f -> !f.hasDefaultValue()).reduce((a, b) -> b).orElseThrow();
        List<Schema.Field> older = current.getFields().stream().filter(f -> f != required)
                .map(f -> new Schema.Field(f, f.schema())).toList();
        Schema old = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, older);
        String subject = config.topics.alerts + "-value";
        HttpResponse<String> registered = HTTP.send(HttpRequest.newBuilder(URI.create(registry.confluentUrl() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(AvroJson.MAPPER.createObjectNode().put("schema", old.toString()).toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);

        assertThatThrownBy(() -> ModerationPipeline.of(config).registerSchemas())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Alert schema of topic " + config.topics.alerts)
                .hasMessageContaining(subject)
                .hasMessageContaining("BACKWARD");
    }

    /**
     * This release's additions — the verdict's per-scorer {@code results} map and {@code redacted_completion}, the
     * fairness row's {@code flagged_by} / {@code scored_by} — are BACKWARD compatible: registered over the previous
     * release's schemas (src/test/resources/schemas/previous, from git) they become the subjects' next versions.
     */
    @Test
    @Timeout(120)
    void thePluginAndPrivacyFieldsRegisterOverThePreviousReleasesSchemas() throws Exception {
        JobConfig config = registryFramed(TestKafka.get(), JobConfig.DeliveryGuarantee.AT_LEAST_ONCE);
        for (var previous : java.util.Map.of(config.topics.verdicts, "Verdict", config.topics.fairness, "FairnessStats").entrySet()) {
            String schema;
            try (var in = SchemaRegistryIT.class.getResourceAsStream("/schemas/previous/" + previous.getValue() + ".avsc")) {
                schema = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            HttpResponse<String> registered = HTTP.send(HttpRequest.newBuilder(URI.create(registry.confluentUrl() + "/subjects/"
                            + previous.getKey() + "-value/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(AvroJson.MAPPER.createObjectNode().put("schema", schema).toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        }

        ModerationPipeline.of(config).registerSchemas();

        for (String topic : List.of(config.topics.verdicts, config.topics.fairness)) {
            JsonNode versions = getJson(registry.confluentUrl() + "/subjects/" + topic + "-value/versions");
            assertThat(versions).as(topic).hasSize(2);
            JsonNode latest = getJson(registry.confluentUrl() + "/subjects/" + topic + "-value/versions/latest");
            assertThat(latest.path("schema").asText()).contains(topic.equals(config.topics.verdicts) ? "redacted_completion" : "flagged_by");
        }
    }

    private static JobConfig registryFramed(EmbeddedKafka kafka, JobConfig.DeliveryGuarantee delivery) throws Exception {
        return PipelineFixture.config(kafka.bootstrapServers(), delivery,
                "serialization.format=registry", "serialization.registry_url=" + registry.url());
    }

    private static JsonNode getJson(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return AvroJson.MAPPER.readTree(r.body());
    }
}
