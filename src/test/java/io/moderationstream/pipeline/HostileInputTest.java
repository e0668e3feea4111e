package io.moderationstream.pipeline;

import io.moderationstream.avro.DeadLetter;
import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.Label;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import io.moderationstream.embedded.EmbeddedKafka;
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
class HostileInputTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    /** One case: a name, the record's bytes, and whether it must be dead-lettered (else it must get a verdict). */
    record Case(String name, byte[] value, boolean deadLetter) {}

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
        c.add(new Case("plain text", utf8("not json at all"), true));
        c.add(new Case("random binary", binary, true));
        c.add(new Case("empty value", new byte[0], true));
        c.add(new Case("avro header, garbage body", new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9}, true));
        c.add(new Case("avro of another schema (Label)", AvroBytes.toArray(Label.newBuilder().setEventId("l").setLabels(Map.of())
                .setLabelledAt(Instant.EPOCH).build().toByteBuffer()), true));
        c.add(new Case("avro truncated body", Arrays.copyOf(valid, valid.length - 5), true));
        c.add(new Case("json array", utf8("[1,2,3]"), true));
        c.add(new Case("json number", utf8("42"), true));
        c.add(new Case("json string", utf8("\"hello\""), true));
        c.add(new Case("json null", utf8("null"), true));
        c.add(new Case("trailing garbage", utf8(json("trail", "x") + " xyz"), true));
        c.add(new Case("invalid utf-8 in a string", concat(utf8("{\"event_id\":\"u8\",\"completion\":\"a"), new byte[] {(byte) 0xC3, (byte) 0x28}, utf8("\"}")), true));
        c.add(new Case("deep nesting", utf8("{\"event_id\":\"deep\",\"metadata\":" + "[".repeat(5000) + "]".repeat(5000) + "}"), true));
        // Missing or wrong fields.
        c.add(new Case("event_id null", utf8(json("x", "y").replace("\"event_id\":\"x\"", "\"event_id\":null")), true));
        c.add(new Case("tenant_id null", utf8(json("tn", "y").replace("\"tenant_id\":\"t\"", "\"tenant_id\":null")), true));
        c.add(new Case("tenant_id a number", utf8(json("tnum", "y").replace("\"tenant_id\":\"t\"", "\"tenant_id\":123")), true));
        c.add(new Case("completion null", utf8(json("cn", "y").replace("\"completion\":\"y\"", "\"completion\":null")), true));
        c.add(new Case("completion blank", utf8(json("cb", "   ")), true));
        c.add(new Case("created_at null", utf8(json("ca", "y").replace("\"2026-11-23T09:00:00Z\"", "null")), true));
        c.add(new Case("created_at garbage", utf8(json("cg", "y").replace("2026-11-23T09:00:00Z", "next tuesday")), true));
        c.add(new Case("token_ids with a string", utf8(tokens("ts", "[1,\"two\",3]")), true));
        c.add(new Case("token_ids with a float", utf8(tokens("tf", "[1,2.5,3]")), true));
        c.add(new Case("groups an array", utf8(json("ga", "y").replace("}", ",\"groups\":[\"a\"]}")), true));
        c.add(new Case("avro event with blank event_id", TestEvents.avro(TestEvents.event(" ", "x", Map.of(), 1)), true));
        c.add(new Case("event_id of 10k chars", utf8(json("i".repeat(10_000), "y")), true));
        c.add(new Case("10 MB text", utf8(json("big", "word ".repeat(2_000_000))), true));
        c.add(new Case("300k-char completion", utf8(json("long", "a".repeat(300_000))), true));
        c.add(new Case("300k-char prompt", utf8(json("lp", "y").replace("}", ",\"prompt\":\"" + "p".repeat(300_000) + "\"}")), true));
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 100_000; i++) {
            many.append(i % 50_000).append(i < 99_999 ? "," : "]");
        }
        c.add(new Case("100k-token sequence", utf8(tokens("t100k", many.toString())), true));
        // Duplicates: the first is scored, the others dead-lettered.
        c.add(new Case("duplicate id, first", utf8(json("dup", "first")), false));
        c.add(new Case("duplicate id, second", utf8(json("dup", "second")), true));
        c.add(new Case("duplicate id, third (avro)", TestEvents.avro(TestEvents.event("dup", "third", Map.of(), 1)), true));
        // Valid but nasty: each must get a verdict.
        c.add(new Case("valid avro", valid, false));
        c.add(new Case("created_at negative", utf8(json("neg", "y").replace("\"2026-11-23T09:00:00Z\"", "-5")), false));
        c.add(new Case("created_at year 9999", utf8(json("y9999", "y").replace("2026-11-23T09:00:00Z", "9999-12-31T23:59:59Z")), false));
        c.add(new Case("token ids out of the vocabulary", utf8(tokens("oov", "[-5, 50257, 99999999, -2147483648, 2147483647, 7, 8, 9]")), false));
        c.add(new Case("a single token id", utf8(tokens("one", "[42]")), false));
        c.add(new Case("token_ids explicitly null", utf8(tokens("tnull", "null")), false));
        c.add(new Case("groups with nested values", utf8(json("gn", "y").replace("}", ",\"groups\":{\"gender\":{\"a\":1},\"lang\":7}}")), false));
        c.add(new Case("lone surrogates", utf8(json("surr", "bad \uD800 and \uDC00 halves")), false));
        c.add(new Case("zero-width characters in a slur", utf8(json("zw", "you are an id\u200Biot and a m\u200Doron")), false));
        c.add(new Case("bidi override", utf8(json("bidi", "hello \u202Etoidi na era uoy\u202C world")), false));
        c.add(new Case("homoglyph slur", utf8(json("homo", "you are an \u0456d\u0456ot")), false));
        c.add(new Case("NUL characters", utf8(json("nul", "a\u0000b\u0000c")), false));
        c.add(new Case("emoji only", utf8(json("emoji", "\uD83D\uDC00 \uD83E\uDD22 \uD83D\uDD25".repeat(50))), false));
        c.add(new Case("right-to-left Arabic", utf8(json("ar", "مرحبا بك في النظام، هذا نص عادي تماما.")), false));
        c.add(new Case("CJK", utf8(json("cjk", "这是一个普通的句子。これは普通の文です。")), false));
        StringBuilder refs = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            refs.append("[").append(i).append("] Ada Lovelace, Alan Turing. A Fabricated Paper Title Number ").append(i)
                    .append(". In Proceedings of ACL, 2020.\n");
        }
        c.add(new Case("2,000 fake references (under the length limit)", utf8(json("refs", refs.toString())), false));
        c.add(new Case("regex bait: capitals", utf8(json("bait1", "A".repeat(100_000))), false));
        c.add(new Case("regex bait: DOI", utf8(json("bait2", "10.1234/" + "x".repeat(100_000))), false));
        c.add(new Case("regex bait: BibTeX braces", utf8(json("bait3", "@article{" + "{".repeat(50_000))), false));
        c.add(new Case("regex bait: et al", utf8(json("bait4", "Smith et al et al ".repeat(10_000))), false));
        c.add(new Case("regex bait: initials", utf8(json("bait5", "[1] " + "A. B. ".repeat(20_000) + "2019")), false));
        Map<String, String> bigMap = new LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            bigMap.put("k" + i, "v" + i);
        }
        c.add(new Case("10k-entry metadata", TestEvents.avro(GeneratedContent.newBuilder(TestEvents.event("meta", "y", Map.of(), 1))
                .setMetadata(bigMap).build()), false));
        c.add(new Case("duplicated JSON keys", utf8(json("dk1", "y").replace("\"event_id\":\"dk1\"", "\"event_id\":\"dk0\",\"event_id\":\"dk1\"")), false));
        c.add(new Case("UTF-8 byte order mark", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(json("bom", "y"))), false));
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
            assertThat(outcome.put(d.getOffset(), "DLQ " + d.getErrorCode())).as("offset %d twice", d.getOffset()).isNull();
        }
        Map<String, Long> verdictsPerId = new HashMap<>();
        verdicts.forEach(v -> verdictsPerId.merge(v.getEventId(), 1L, Long::sum));
        assertThat(verdictsPerId.values()).containsOnly(1L);
        for (int offset = 0; offset < corpus.size(); offset++) {
            Case c = corpus.get(offset);
            String got = outcome.get((long) offset);
            if (c.deadLetter()) {
                assertThat(got).as(c.name()).startsWith("DLQ");
            } else {
                assertThat(got).as(c.name() + " must not be dead-lettered").isNull();
            }
        }
        long expectedVerdicts = corpus.stream().filter(c -> !c.deadLetter()).count();
        assertThat(verdicts).hasSize((int) expectedVerdicts);
        assertThat(dlq.size() + verdicts.size()).isEqualTo(corpus.size());
    }
}
