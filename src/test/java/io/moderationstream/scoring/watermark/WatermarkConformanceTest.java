package io.moderationstream.scoring.watermark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moderationstream.tools.embedded.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Reproduces every number of the transformers 5.17 / torch 2.11 reference vectors in ../shared/data/watermark. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatermarkConformanceTest {
    private JsonNode vectors;

    @BeforeAll
    void load() throws IOException {
        Path data = SharedData.dir();
        Assumptions.assumeTrue(data != null, "../shared/data not present");
        vectors = new ObjectMapper().readTree(data.resolve("watermark/hf_watermark_vectors.json").toFile());
    }

    private static WatermarkParams params(JsonNode config) {
        WatermarkParams p = new WatermarkParams();
        p.greenlistRatio = config.get("greenlist_ratio").asDouble();
        p.hashingKey = config.get("hashing_key").asLong();
        p.seedingScheme = WatermarkParams.SeedingScheme.valueOf(config.get("seeding_scheme").asText().toUpperCase());
        p.contextWidth = config.get("context_width").asInt();
        return p;
    }

    @Test
    void fixedTableMatchesTorchRandpermOfTheHashingKey() {
        int[] table = TorchRandPerm.full(1_000_003, new Mt19937(15485863L));
        JsonNode expected = vectors.get("fixed_table_first1000");
        for (int i = 0; i < expected.size(); i++) {
            assertThat(table[i]).as("fixed_table[%d]", i).isEqualTo(expected.get(i).asInt());
        }
    }

    @Test
    void greenListsMatchForBothSeedingSchemes() {
        JsonNode lists = vectors.get("greenlists_gamma0.25_in_permutation_order");
        for (String scheme : List.of("lefthash", "selfhash")) {
            WatermarkParams p = new WatermarkParams();
            p.seedingScheme = WatermarkParams.SeedingScheme.valueOf(scheme.toUpperCase());
            GreenLists green = new GreenLists(p, 0);
            for (Iterator<Map.Entry<String, JsonNode>> it = lists.get(scheme).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                int token = Integer.parseInt(e.getKey());
                int[] actual = green.greenlist(green.seedFor(new int[] {token}, 0, 1));
                List<Integer> expected = new ArrayList<>();
                e.getValue().forEach(n -> expected.add(n.asInt()));
                assertThat(actual).as("%s green list after token %d", scheme, token)
                        .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
            }
        }
    }

    @Test
    void detectorOutputsMatchEverySequence() {
        int checked = 0;
        for (JsonNode seq : vectors.get("sequences")) {
            int[] ids = new int[seq.get("input_ids").size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = seq.get("input_ids").get(i).asInt();
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = seq.get("detector").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> variant = it.next();
                WatermarkParams p = params(seq.get("config"));
                // transformers' ignore_repeated_ngrams has no effect; the HF-compatible path reproduces that.
                p.ignoreRepeatedNgrams = false;
                Detection d = new WatermarkDetector(p, 16).detect(ids);
                JsonNode want = variant.getValue();
                String label = seq.get("scheme").asText() + " seed " + seq.get("sampling_seed") + " " + variant.getKey();
                assertThat(d.numTokensScored()).as(label).isEqualTo(want.get("num_tokens_scored").get(0).asInt());
                assertThat(d.numGreenTokens()).as(label).isEqualTo(want.get("num_green_tokens").get(0).asInt());
                assertThat(d.greenFraction()).as(label).isEqualTo(want.get("green_fraction").get(0).asDouble());
                double z = want.get("z_score").get(0).asDouble();
                assertThat(d.zScore()).as(label).isCloseTo(z, within(Math.abs(z) * 1e-12 + 1e-15));
                assertThat(d.pValue()).as(label).isCloseTo(want.get("p_value").get(0).asDouble(), within(1e-15));
                assertThat(d.prediction()).as(label).isEqualTo(want.get("prediction").get(0).asBoolean());
                assertThat(d.confidence()).as(label).isCloseTo(want.get("confidence").get(0).asDouble(), within(1e-15));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(48);
    }
}
