package io.moderationstream.pipeline;

import io.moderationstream.avro.Decision;
import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.ScorerStatus;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import io.moderationstream.fairness.report.FairnessReport;
import io.moderationstream.io.AvroJson;
import io.moderationstream.io.TopicIO;
import io.moderationstream.testing.JobRuns;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import io.moderationstream.testing.TestKafka;
import io.moderationstream.tools.embedded.EmbeddedKafka;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The privacy branch in the whole job (real broker, mini cluster): planted personal data and secrets are found, the
 * policy acts on them, and not one planted value appears in any output topic (verdicts, review, fairness, alerts,
 * slice results: raw bytes scanned) or in the audit report — not even inside a toxic sentence quoted as evidence.
 */
class PrivacyNoLeakIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    /** Planted values, each as the text holds it. */
    static final List<String> PLANTED = List.of("4111 1111 1111 1111", "jane.doe@example.com", "+44 20 7946 0958",
            "DE89 3704 0044 0532 0130 00", "536-22-8726", "AKIAZ7VRSQ5TJN2XMY6K", "S3cr3t-Pa55w0rd",
            "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "203.0.113.42");

    static final List<String> TEXTS = List.of(
            "You are a stupid worthless idiot, and my card is 4111 1111 1111 1111 so pay me back.",
            "Sure! You can reach Jane at jane.doe@example.com or call +44 20 7946 0958 during office hours.",
            "To pay the invoice, wire the amount to DE89 3704 0044 0532 0130 00 (IBAN) by Friday.",
            "The applicant's social security number is 536-22-8726, as stated on the form.",
            "Here is the config:\nexport AWS_ACCESS_KEY_ID=AKIAZ7VRSQ5TJN2XMY6K\nDATABASE_URL=postgres://app:S3cr3t-Pa55w0rd@db.internal:5432/app",
            "Send the bitcoin to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2; the server at 203.0.113.42 logged the request.",
            "A plain answer with nothing personal in it at all.");

    @Test
    @Timeout(300)
    void findsActsAndNeverShowsAValue(@TempDir Path dir) throws Exception {
        EmbeddedKafka kafka = TestKafka.get();
        JobConfig config = PipelineFixture.config(kafka.bootstrapServers(), JobConfig.DeliveryGuarantee.AT_LEAST_ONCE,
                "policy.tenants.tenant-r.pii={EMAIL_ADDRESS: {action: REDACT}, PHONE_NUMBER: {action: REDACT}}",
                "fairness.min_sample=1");
        kafka.createTopics(2, PipelineFixture.topics(config));
        List<byte[]> events = new ArrayList<>();
        for (int i = 0; i < TEXTS.size(); i++) {
            GeneratedContent e = TestEvents.event("p" + i, TEXTS.get(i), Map.of("gender", i % 2 == 0 ? "female" : "male"), i);
            events.add(TestEvents.avro(e));
            // The same text for a tenant whose policy redacts contact details.
            e.setEventId("r" + i);
            e.setTenantId("tenant-r");
            events.add(TestEvents.avro(e));
        }
        TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events, events);

        JobRuns.runToEnd(config, 2);

        Map<String, Verdict> byId = JobRuns.read(kafka, config.topics.verdicts, Verdict.getDecoder()).stream()
                .collect(Collectors.toMap(v -> v.getEventId(), v -> v));
        assertThat(byId).hasSize(2 * TEXTS.size());
        assertThat(byId.values()).allSatisfy(v -> assertThat(v.getResults().get("pii").getStatus()).isEqualTo(ScorerStatus.OK));
        assertThat(types(byId.get("p0"))).containsExactly("CREDIT_CARD");
        assertThat(byId.get("p0").getDecision()).isNotEqualTo(Decision.ALLOW);
        assertThat(types(byId.get("p1"))).containsExactly("EMAIL_ADDRESS", "PHONE_NUMBER");
        assertThat(types(byId.get("p2"))).containsExactly("IBAN_CODE");
        assertThat(types(byId.get("p3"))).containsExactly("US_SSN");
        assertThat(types(byId.get("p4"))).containsExactly("SECRET", "SECRET");
        assertThat(byId.get("p4").getDecision()).isEqualTo(Decision.REVIEW);
        assertThat(types(byId.get("p5"))).containsExactly("CRYPTO_WALLET", "IP_ADDRESS");
        assertThat(types(byId.get("p6"))).isEmpty();
        assertThat(byId.get("p1").getRedactedCompletion()).isNull();
        assertThat(byId.get("r1").getRedactedCompletion())
                .isEqualTo("Sure! You can reach Jane at <EMAIL_ADDRESS> or call <PHONE_NUMBER> during office hours.");
        // The toxic sentence is the toxicity scorer's evidence; the card inside it is masked there too.
        assertThat(byId.get("p0").getResults().get("toxicity").getEvidence()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getText().toString()).contains("<CREDIT_CARD>"));

        for (String topic : config.topics.outputs()) {
            if (topic.equals(config.topics.deadLetter)) {
                continue;   // keeps the raw record it could not read, for reprocessing: the producer's own data
            }
            for (ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(kafka.bootstrapServers(), Map.of(), topic)) {
                assertNoPlantedValue(topic, r.value());
            }
        }
        Path verdicts = dir.resolve("verdicts.jsonl");
        Files.write(verdicts, byId.values().stream().map(AvroJson::toJsonLine).toList());
        FairnessReport report = new FairnessReport(config.fairness);
        assertNoPlantedValue("the audit report", report.render(report.compute(verdicts, null), "test").getBytes(StandardCharsets.UTF_8));
        assertNoPlantedValue("the verdict file", Files.readAllBytes(verdicts));
    }

    static List<String> types(Verdict v) {
        return v.getResults().get("pii").getEvidence().stream().map(e -> e.getAttributes().get("type")).toList();
    }

    /** The value as written, and its digits or characters alone (a format change must not let it through). */
    static void assertNoPlantedValue(String where, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        String compact = text.replaceAll("[\\s-]", "");
        for (String value : PLANTED) {
            assertThat(text).as(where).doesNotContain(value);
            assertThat(compact).as(where + " (separators removed)").doesNotContain(value.replaceAll("[\\s-]", ""));
        }
    }
}
