package io.moderationstream.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.moderationstream.avro.Decision;
import io.moderationstream.avro.Reason;
import io.moderationstream.avro.Verdict;
import io.moderationstream.scoring.ScorerResults;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** JSON for warehouses: real JSON types on records as the job holds them, i.e. after Flink's Avro serializer. */
class AvroJsonTest {

    static Verdict throughFlink(Verdict v) throws Exception {
        AvroSerializer<Verdict> serializer = new AvroSerializer<>(Verdict.class);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(v, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void arraysStayArraysAndNonFiniteNumbersBecomeNull() throws Exception {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("toxicity", 0.91);
        scores.put("z_score", Double.NaN);
        scores.put("p_value", Double.POSITIVE_INFINITY);
        Verdict v = Verdict.newBuilder()
                .setEventId("e").setTenantId("t").setModelId("m").setCreatedAt(Instant.ofEpochMilli(1_795_400_000_000L))
                .setDecision(Decision.BLOCK)
                .setReasons(List.of(Reason.newBuilder().setCode("TOXICITY_BLOCK").setScorer("toxicity").setText("toxicity 0.91").build()))
                .setToxicity(ScorerResults.ok("toxicity", scores,
                        List.of(ScorerResults.evidence("span", 0, 4, "idiot", Map.of("toxicity", "0.910")))))
                .setCitations(ScorerResults.skipped("citations", "no references"))
                .setWatermark(ScorerResults.skipped("watermark", "no tokens"))
                .setPolicyVersion("v1").setGroups(Map.of("dialect", "aae"))
                .setIngestedAt(Instant.ofEpochMilli(1)).setProcessedAt(Instant.ofEpochMilli(2))
                .build();
        Verdict decoded = throughFlink(v);
        // What broke: a decoded record's lists are Avro's GenericData.Array, which is also a GenericContainer.
        assertThat(decoded.getReasons()).isInstanceOf(org.apache.avro.generic.GenericData.Array.class);

        JsonNode json = AvroJson.MAPPER.readTree(AvroJson.toJsonLine(decoded));
        assertThat(json.get("reasons").isArray()).isTrue();
        assertThat(json.get("reasons").get(0).get("code").asText()).isEqualTo("TOXICITY_BLOCK");
        JsonNode evidence = json.get("toxicity").get("evidence");
        assertThat(evidence.isArray()).isTrue();
        assertThat(evidence.get(0).get("begin").isInt()).isTrue();
        assertThat(json.get("toxicity").get("scores").get("toxicity").isDouble()).isTrue();
        assertThat(json.get("toxicity").get("scores").get("z_score").isNull()).isTrue();
        assertThat(json.get("toxicity").get("scores").get("p_value").isNull()).isTrue();
        assertThat(json.get("decision").asText()).isEqualTo("BLOCK");
        assertThat(json.get("created_at").isIntegralNumber()).isTrue();
        assertThat(json.get("groups").get("dialect").asText()).isEqualTo("aae");
    }
}
