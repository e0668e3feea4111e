package io.moderationstream.pipeline;

import io.moderationstream.avro.DeadLetter;
import io.moderationstream.avro.FairnessStats;
import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.Label;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import io.moderationstream.tools.embedded.EmbeddedKafka;
import io.moderationstream.io.AvroBytes;
import io.moderationstream.io.TopicIO;
import io.moderationstream.testing.JobRuns;
import io.moderationstream.testing.PipelineFixture;
import io.moderationstream.testing.TestEvents;
import io.moderationstream.testing.TestKafka;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile-input corpus through the whole job, with restarts disabled: every record must end in exactly one place
 * (a verdict or the dead-letter topic with a reason) and no record may fail the job.
 */
class HostileInputIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    /** Outcome of a case that must be scored, not dead-lettered. */
    static final String VERDICT = "VERDICT";

    /** One case: a name, the record's bytes, and its exact outcome: a dead letter's error_code, or VERDICT. */
    record Case(String name, byte[] value, String expected) {}

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String json(String id, String completion) {
        return "{\"event_id\":\"" + id + "\",\"tenant_id\":\"t\",\"model_id\":\"m\",\"created_at\":\"2026-11-23T09:00:00Z\",\"completion\":"
                + quote(completion) + "}";
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    static String tokens(String id, String ids) {
        return "{\"event_id\":\"" + id + "\",\"tenant_id\":\"t\",\"model_id\":\"m\",\"created_at\":1795400000000,\"completion\":\"x\",\"token_ids\":" + ids + "}";
    }

    static List<Case> corpus() throws Exception {
        List<Case> c = new ArrayList<>();
        Random random = new Random(3);
        byte[] binary = new byte[1024];
        random.nextBytes(binary);
        byte[] valid = TestEvents.avro(TestEvents.event("avro-valid", "a valid Avro event", Map.of(), 1));
        // Not decodable at all.
        c.add(new Case("plain text", utf8("not json at all"), "NOT_DECODABLE"));
        c.add(new Case("random binary", binary, "NOT_DECODABLE"));
        c.add(new Case("empty value", new byte[0], "NOT_DECODABLE"));
        c.add(new Case("avro header, garbage body", new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9}, "UNKNOWN_SCHEMA"));
        c.add(new Case("avro of another schema (Label)", AvroBytes.toArray(Label.newBuilder().setEventId("l").setLabels(Map.of())
                .setLabelledAt(Instant.EPOCH).build().toByteBuffer()), "UNKNOWN_SCHEMA"));
        c.add(new Case("avro truncated body", Arrays.copyOf(valid, valid.length - 5), "NOT_DECODABLE"));
        c.add(new Case("json array", utf8("[1,2,3]"), "NOT_DECODABLE"));
        c.add(new Case("json number", utf8("42"), "NOT_DECODABLE"));
        c.add(new Case("json string", utf8("\"hello\""), "NOT_DECODABLE"));
        c.add(new Case("json null", utf8("null"), "NOT_DECODABLE"));
        c.add(new Case("trailing garbage", utf8(json("trail", "x") + " xyz"), "NOT_DECODABLE"));
        c.add(new Case("invalid utf-8 in a string", concat(utf8("{\"event_id\":\"u8\",\"completion\":\"a"), new byte[] {(byte) 0xC3, (byte) 0x28}, utf8("\"}")), "NOT_DECODABLE"));
        c.add(new Case("deep nesting", utf8("{\"event_id\":\"deep\",\"metadata\":" + "[".repeat(5000) + "]".repeat(5000) + "}"), "NOT_DECODABLE"));
        // Missing or wrong fields.
        c.add(new Case("event_id null", utf8(json("x", "y").replace("\"event_id\":\"x\"", "\"event_id\":null")), "MISSING_FIELD"));
        c.add(new Case("tenant_id null", utf8(json("tn", "y").replace("\"tenant_id\":\"t\"", "\"tenant_id\":null")), "MISSING_FIELD"));
        c.add(new Case("tenant_id a number", utf8(json("tnum", "y").replace("\"tenant_id\":\"t\"", "\"tenant_id\":123")), "INVALID_FIELD"));
        c.add(new Case("completion null", utf8(json("cn", "y").replace("\"completion\":\"y\"", "\"completion\":null")), "MISSING_FIELD"));
        c.add(new Case("completion blank", utf8(json("cb", "   ")), "MISSING_FIELD"));
        c.add(new Case("created_at null", utf8(json("ca", "y").replace("\"2026-11-23T09:00:00Z\"", "null")), "MISSING_FIELD"));
        c.add(new Case("created_at garbage", utf8(json("cg", "y").replace("2026-11-23T09:00:00Z", "next tuesday")), "INVALID_FIELD"));
        c.add(new Case("token_ids with a string", utf8(tokens("ts", "[1,\"two\",3]")), "INVALID_FIELD"));
        c.add(new Case("token_ids with a float", utf8(tokens("tf", "[1,2.5,3]")), "INVALID_FIELD"));
        c.add(new Case("groups an array", utf8(json("ga", "y").replace("}", ",\"groups\":[\"a\"]}")), "INVALID_FIELD"));
        c.add(new Case("avro event with blank event_id", TestEvents.avro(TestEvents.event(" ", "x", Map.of(), 1)), "MISSING_FIELD"));
        c.add(new Case("event_id of 10k chars", utf8(json("i".repeat(10_000), "y")), "TOO_LONG"));
        c.add(new Case("10 MB text", utf8(json("big", "word ".repeat(2_000_000))), "TOO_LARGE"));
        c.add(new Case("300k-char completion", utf8(json("long", "a".repeat(300_000))), "TOO_LONG"));
        c.add(new Case("300k-char prompt", utf8(json("lp", "y").replace("}", ",\"prompt\":\"" + "p".repeat(300_000) + "\"}")), "TOO_LONG"));
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 100_000; i++) {
            many.append(i % 50_000).append(i < 99_999 ? "," : "]");
        }
        c.add(new Case("100k-token sequence", utf8(tokens("t100k", many.toString())), "TOO_MANY_TOKENS"));
        // Duplicates: the first is scored, the others dead-lettered.
        c.add(new Case("duplicate id, first", utf8(json("dup", "first")), VERDICT));
        c.add(new Case("duplicate id, second", utf8(json("dup", "second")), "DUPLICATE_EVENT_ID"));
        c.add(new Case("duplicate id, third (avro)", TestEvents.avro(TestEvents.event("dup", "third", Map.of(), 1)), "DUPLICATE_EVENT_ID"));
        // Numbers that do not fit, and times outside what the job can window (issue #14, class 3).
        c.add(new Case("created_at past 64 bits", utf8(json("big-ts", "y").replace("\"2026-11-23T09:00:00Z\"", "99999999999999999999999")), "INVALID_FIELD"));
        c.add(new Case("created_at with a fraction", utf8(json("frac-ts", "y").replace("\"2026-11-23T09:00:00Z\"", "1795400000000.5")), "INVALID_FIELD"));
        c.add(new Case("created_at digits past 64 bits", utf8(json("big-ts-text", "y").replace("2026-11-23T09:00:00Z", "99999999999999999999")), "INVALID_FIELD"));
        c.add(new Case("created_at beyond Instant", utf8(json("far-ts", "y").replace("2026-11-23T09:00:00Z", "+1000000001-01-01T00:00:00Z")), "INVALID_FIELD"));
        c.add(new Case("created_at NaN", utf8(json("nan-ts", "y").replace("\"2026-11-23T09:00:00Z\"", "NaN")), "NOT_DECODABLE"));
        c.add(new Case("created_at an hour and more ahead", utf8(json("future", "y").replace("2026-11-23T09:00:00Z",
                Instant.now().plus(java.time.Duration.ofHours(3)).toString())), "INVALID_FIELD"));
        c.add(new Case("token id past 32 bits", utf8(tokens("tbig", "[1, 4294967296, 3]")), "INVALID_FIELD"));
        // Maps of strings take only strings (class 4).
        c.add(new Case("group value null", utf8(json("gnull", "y").replace("}", ",\"groups\":{\"target\":null}}")), "INVALID_FIELD"));
        c.add(new Case("group value true", utf8(json("gtrue", "y").replace("}", ",\"groups\":{\"target\":true}}")), "INVALID_FIELD"));
        c.add(new Case("group value 5", utf8(json("gfive", "y").replace("}", ",\"groups\":{\"target\":5}}")), "INVALID_FIELD"));
        c.add(new Case("metadata value an object", utf8(json("mobj", "y").replace("}", ",\"metadata\":{\"k\":{\"a\":1}}}")), "INVALID_FIELD"));
        // Separators in group keys stay part of the value (class 5); the fairness rows are checked below.
        c.add(new Case("separator in group and dimension", utf8(json("sep", "y").replace("}", ",\"groups\":{\"tar|get\":\"g|1\",\"lang\":\"en&fr\"}}")), VERDICT));
        // Valid but nasty: each must get a verdict.
        c.add(new Case("valid avro", valid, VERDICT));
        c.add(new Case("created_at negative", utf8(json("neg", "y").replace("\"2026-11-23T09:00:00Z\"", "-5")), VERDICT));
        c.add(new Case("created_at year 9999", utf8(json("y9999", "y").replace("2026-11-23T09:00:00Z", "9999-12-31T23:59:59Z")), "INVALID_FIELD"));
        c.add(new Case("token ids out of the vocabulary", utf8(tokens("oov", "[-5, 50257, 99999999, -2147483648, 2147483647, 7, 8, 9]")), VERDICT));
        c.add(new Case("a single token id", utf8(tokens("one", "[42]")), VERDICT));
        c.add(new Case("token_ids explicitly null", utf8(tokens("tnull", "null")), VERDICT));
        c.add(new Case("groups with nested values", utf8(json("gn", "y").replace("}", ",\"groups\":{\"gender\":{\"a\":1},\"lang\":7}}")), "INVALID_FIELD"));
        c.add(new Case("lone surrogates", utf8(json("surr", "bad \uD800 and \uDC00 halves")), VERDICT));
        c.add(new Case("zero-width characters in a slur", utf8(json("zw", "you are an id\u200Biot and a m\u200Doron")), VERDICT));
        c.add(new Case("bidi override", utf8(json("bidi", "hello \u202Etoidi na era uoy\u202C world")), VERDICT));
        c.add(new Case("homoglyph slur", utf8(json("homo", "you are an \u0456d\u0456ot")), VERDICT));
        c.add(new Case("NUL characters", utf8(json("nul", "a\u0000b\u0000c")), VERDICT));
        c.add(new Case("emoji only", utf8(json("emoji", "\uD83D\uDC00 \uD83E\uDD22 \uD83D\uDD25".repeat(50))), VERDICT));
        c.add(new Case("right-to-left Arabic", utf8(json("ar", "مرحبا بك في النظام، هذا نص عادي تماما.")), VERDICT));
        c.add(new Case("CJK", utf8(json("cjk", "这是一个普通的句子。これは普通の文です。")), VERDICT));
        StringBuilder refs = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            refs.append("[").append(i).append("] Ada Lovelace, Alan Turing. A Fabricated Paper Title Number ").append(i)
                    .append(". In Proceedings of ACL, 2020.\n");
        }
        c.add(new Case("2,000 fake references (under the length limit)", utf8(json("refs", refs.toString())), VERDICT));
        c.add(new Case("regex bait: capitals", utf8(json("bait1", "A".repeat(100_000))), VERDICT));
        c.add(new Case("regex bait: DOI", utf8(json("bait2", "10.1234/" + "x".repeat(100_000))), VERDICT));
        c.add(new Case("regex bait: BibTeX braces", utf8(json("bait3", "@article{" + "{".repeat(50_000))), VERDICT));
        c.add(new Case("regex bait: et al", utf8(json("bait4", "Smith et al et al ".repeat(10_000))), VERDICT));
        c.add(new Case("regex bait: initials", utf8(json("bait5", "[1] " + "A. B. ".repeat(20_000) + "2019")), VERDICT));
        Map<String, String> bigMap = new LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            bigMap.put("k" + i, "v" + i);
        }
        c.add(new Case("10k-entry metadata", TestEvents.avro(GeneratedContent.newBuilder(TestEvents.event("meta", "y", Map.of(), 1))
                .setMetadata(bigMap).build()), VERDICT));
        c.add(new Case("duplicated JSON keys", utf8(json("dk1", "y").replace("\"event_id\":\"dk1\"", "\"event_id\":\"dk0\",\"event_id\":\"dk1\"")), VERDICT));
        c.add(new Case("UTF-8 byte order mark", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(json("bom", "y"))), VERDICT));
        return c;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    @Timeout(300)
    void everyHostileRecordEndsInExactlyOnePlaceAndTheJobNeverRestarts() throws Exception {
        List<Case> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);
        EmbeddedKafka kafka = TestKafka.get();
        JobConfig config = PipelineFixture.config(kafka.bootstrapServers(), JobConfig.DeliveryGuarantee.EXACTLY_ONCE,
                "restart_attempts=0");
        kafka.createTopics(1, Map.of("max.message.bytes", "16777216"), PipelineFixture.topics(config));
        List<byte[]> values = corpus.stream().map(Case::value).toList();
        TopicIO.produce(kafka.bootstrapServers(), Map.of("max.request.size", "16777216"), config.topics.events, values);

        JobRuns.runToEnd(config, 2);   // restarts are off: any record that broke an operator fails right here

        List<Verdict> verdicts = JobRuns.read(kafka, config.topics.verdicts, Verdict.getDecoder());
        List<DeadLetter> dlq = JobRuns.read(kafka, config.topics.deadLetter, DeadLetter.getDecoder());
        Map<Long, String> outcome = new HashMap<>();
        for (DeadLetter d : dlq) {
            assertThat(d.getReason()).isNotBlank();
            assertThat(outcome.put(d.getOffset(), d.getErrorCode())).as("offset %d twice", d.getOffset()).isNull();
        }
        Map<String, Long> verdictsPerId = new HashMap<>();
        verdicts.forEach(v -> verdictsPerId.merge(v.getEventId(), 1L, Long::sum));
        assertThat(verdictsPerId.values()).containsOnly(1L);
        List<String> wrong = new ArrayList<>();
        for (int offset = 0; offset < corpus.size(); offset++) {
            Case c = corpus.get(offset);
            String got = outcome.getOrDefault((long) offset, VERDICT);
            if (!got.equals(c.expected())) {
                wrong.add(c.name() + ": expected " + c.expected() + ", got " + got);
            }
        }
        assertThat(wrong).isEmpty();
        // The raw bytes of a duplicate's dead letter are the bytes that arrived, not a re-encoding.
        int second = corpus.indexOf(corpus.stream().filter(c -> c.name().equals("duplicate id, second")).findFirst().orElseThrow());
        DeadLetter duplicate = dlq.stream().filter(d -> d.getOffset() == second).findFirst().orElseThrow();
        assertThat(AvroBytes.toArray(duplicate.getRaw())).isEqualTo(corpus.get(second).value());
        // A separator inside a dimension or group name stays inside it.
        List<FairnessStats> fairness = JobRuns.read(kafka, config.topics.fairness, FairnessStats.getDecoder());
        assertThat(fairness).anySatisfy(f -> {
            assertThat(f.getDimension()).isEqualTo("tar|get");
            assertThat(f.getGroup()).isEqualTo("g|1");
        });
        assertThat(fairness).anySatisfy(f -> {
            assertThat(f.getDimension()).isEqualTo("lang");
            assertThat(f.getGroup()).isEqualTo("en&fr");
        });
        assertThat(fairness).noneSatisfy(f -> assertThat(f.getDimension()).isIn("tar", "get"));
        long expectedVerdicts = corpus.stream().filter(c -> c.expected().equals(VERDICT)).count();
        assertThat(verdicts).hasSize((int) expectedVerdicts);
        assertThat(dlq.size() + verdicts.size()).isEqualTo(corpus.size());
    }

    static String labelJson(String id, String labels, String labelledAt) {
        return "{\"event_id\":\"" + id + "\",\"labels\":" + labels + (labelledAt == null ? "" : ",\"labelled_at\":" + labelledAt) + "}";
    }

    /** Hostile labels: each is dead-lettered with its exact code, or accepted and harmless (LABEL). */
    static List<Case> labelCorpus() {
        String later = "\"2026-11-23T10:00:00Z\"";
        List<Case> c = new ArrayList<>();
        c.add(new Case("label: the one real label", utf8(labelJson("lab-ok", "{\"toxic\":true}", later)), "LABEL"));
        c.add(new Case("label: the same label again", utf8(labelJson("lab-ok", "{\"toxic\":true}", later)), "LABEL"));
        c.add(new Case("label: unknown event id", utf8(labelJson("no-such-event", "{\"toxic\":false}", later)), "LABEL"));
        c.add(new Case("label: for a dead-lettered event", utf8(labelJson("lab-dead", "{\"toxic\":true}", later)), "LABEL"));
        c.add(new Case("label: value a string", utf8(labelJson("lab-ok", "{\"toxic\":\"yes\"}", later)), "INVALID_FIELD"));
        c.add(new Case("label: value a number", utf8(labelJson("lab-ok", "{\"toxic\":1}", later)), "INVALID_FIELD"));
        c.add(new Case("label: labels an array", utf8(labelJson("lab-ok", "[true]", later)), "MISSING_FIELD"));
        c.add(new Case("label: no event id", utf8("{\"labels\":{\"toxic\":true}}"), "MISSING_FIELD"));
        c.add(new Case("label: event id a number", utf8("{\"event_id\":7,\"labels\":{\"toxic\":true}}"), "INVALID_FIELD"));
        c.add(new Case("label: labelled_at far in the future", utf8(labelJson("lab-ok", "{\"toxic\":false}", "\"9999-01-01T00:00:00Z\"")), "INVALID_FIELD"));
        c.add(new Case("label: labelled_at past 64 bits", utf8(labelJson("lab-ok", "{\"toxic\":false}", "1e400")), "INVALID_FIELD"));
        c.add(new Case("label: not JSON", utf8("toxic=true"), "NOT_DECODABLE"));
        c.add(new Case("label: empty", new byte[0], "NOT_DECODABLE"));
        return c;
    }

    @Test
    @Timeout(180)
    void hostileLabelsAreDeadLetteredWithTheirCodeOrChangeNothing() throws Exception {
        EmbeddedKafka kafka = TestKafka.get();
        JobConfig config = PipelineFixture.config(kafka.bootstrapServers(), JobConfig.DeliveryGuarantee.EXACTLY_ONCE,
                "restart_attempts=0");
        kafka.createTopics(1, PipelineFixture.topics(config));
        TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.events, List.of(
                TestEvents.jsonEvent("lab-ok", "a calm answer", Map.of("dialect", "aae"), 1),
                utf8("{\"event_id\":\"lab-dead\",\"completion\":\"no tenant\"}")));
        List<Case> labels = labelCorpus();
        TopicIO.produce(kafka.bootstrapServers(), Map.of(), config.topics.labels, labels.stream().map(Case::value).toList());

        JobRuns.runToEnd(config, 1);

        Map<Long, String> outcome = new HashMap<>();
        for (DeadLetter d : JobRuns.read(kafka, config.topics.deadLetter, DeadLetter.getDecoder())) {
            if (d.getSourceTopic().equals(config.topics.labels)) {
                assertThat(outcome.put(d.getOffset(), d.getErrorCode())).isNull();
            }
        }
        List<String> wrong = new ArrayList<>();
        for (int offset = 0; offset < labels.size(); offset++) {
            String got = outcome.getOrDefault((long) offset, "LABEL");
            if (!got.equals(labels.get(offset).expected())) {
                wrong.add(labels.get(offset).name() + ": expected " + labels.get(offset).expected() + ", got " + got);
            }
        }
        assertThat(wrong).isEmpty();
        // Only the one valid label for the one scored event counts: the repeat changes nothing, the rest join nothing.
        List<FairnessStats> fairness = JobRuns.read(kafka, config.topics.fairness, FairnessStats.getDecoder());
        assertThat(fairness).isNotEmpty();
        assertThat(fairness).allSatisfy(f -> assertThat(f.getLabelled()).isEqualTo(1L));
    }
}
