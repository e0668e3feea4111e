package io.moderationstream.scoring.watermark;

import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.avro.ScorerStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WatermarkDetectorTest {

    @Test
    void generatedWatermarkedTextIsDetectedAndPlainTextIsNot() {
        for (WatermarkParams.SeedingScheme scheme : WatermarkParams.SeedingScheme.values()) {
            WatermarkParams p = new WatermarkParams();
            p.seedingScheme = scheme;
            p.contextWidth = scheme == WatermarkParams.SeedingScheme.SELFHASH ? 4 : 1;
            WatermarkGenerator gen = new WatermarkGenerator(p, 2.0, 42);
            WatermarkDetector d = new WatermarkDetector(p, 256);
            assertThat(d.detect(gen.generate(200, true)).zScore()).as(scheme.name()).isGreaterThan(4);
            assertThat(d.detect(gen.generate(200, false)).zScore()).as(scheme.name()).isLessThan(4);
        }
    }

    @Test
    void exactPValueIsTheNormalTail() {
        assertThat(WatermarkDetector.exactPValue(0)).isCloseTo(0.5, within(1e-15));
        assertThat(WatermarkDetector.exactPValue(1.959963984540054)).isCloseTo(0.025, within(1e-12));
        // transformers' approximation is far off in the tail.
        double exact = WatermarkDetector.exactPValue(6);
        assertThat(exact).isCloseTo(9.865876450376946e-10, within(1e-20));
        assertThat(WatermarkDetector.transformersPValue(6) / exact).isLessThan(0.1);
    }

    @Test
    void ignoringRepeatedNgramsCountsEachDistinctNgramOnce() {
        WatermarkParams p = new WatermarkParams();
        int[] repeated = new int[101];
        for (int i = 0; i < repeated.length; i++) {
            repeated[i] = i % 2 == 0 ? 10 : 20;
        }
        Detection all = new WatermarkDetector(p, 16).detect(repeated);
        p.ignoreRepeatedNgrams = true;
        Detection distinct = new WatermarkDetector(p, 16).detect(repeated);
        assertThat(all.numTokensScored()).isEqualTo(100);
        assertThat(distinct.numTokensScored()).isEqualTo(2);
    }

    @Test
    void windowedScoringFindsAWatermarkedPassageInsideHumanText() {
        WatermarkParams p = new WatermarkParams();
        p.windowSize = 60;
        WatermarkGenerator gen = new WatermarkGenerator(p, 3.0, 7);
        int[] human1 = gen.generate(300, false);
        int[] marked = gen.generate(60, true);
        int[] human2 = gen.generate(300, false);
        int[] mixed = new int[660];
        System.arraycopy(human1, 0, mixed, 0, 300);
        System.arraycopy(marked, 0, mixed, 300, 60);
        System.arraycopy(human2, 0, mixed, 360, 300);
        Detection d = new WatermarkDetector(p, 256).detect(mixed);
        assertThat(d.zScore()).isLessThan(4);
        assertThat(d.windowMaxZ()).isGreaterThan(5);
        assertThat(d.windowStart()).isBetween(270, 330);
        assertThat(d.greenMask()).hasSize(659);
    }

    @Test
    void tooShortInputIsRejectedLikeTransformers() {
        WatermarkDetector d = new WatermarkDetector(new WatermarkParams(), 16);
        assertThatThrownBy(() -> d.detect(new int[] {50256, 7})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scorerPicksTheEventsKeyRetokenizesTextAndNeverPrintsTheKey() {
        WatermarkScorerConfig cfg = new WatermarkScorerConfig();
        WatermarkScorerConfig.Key secret = new WatermarkScorerConfig.Key();
        secret.id = "k1";
        secret.hashingKey = 987654321L;
        cfg.keys = List.of(secret);
        WatermarkScorer scorer = new WatermarkScorer(cfg);
        WatermarkParams p = scorer.toParams(secret);
        int[] ids = new WatermarkGenerator(p, 2.0, 3).generate(150, true);
        GeneratedContent withTokens = event("a", "ignored", Arrays.stream(ids).boxed().toList());
        GeneratedContent textOnly = event("b", "The quick brown fox jumps over the lazy dog again and again.", null);

        List<ScorerResult> results = scorer.score(List.of(withTokens, textOnly));
        assertThat(results.get(0).getScores()).containsEntry("detected", 1.0);
        assertThat(results.get(0).getEvidence().get(0).getAttributes()).containsEntry("key_id", "k1");
        assertThat(results.get(1).getStatus()).isEqualTo(ScorerStatus.OK);
        assertThat(results.get(1).getEvidence().get(0).getAttributes()).containsEntry("token_source", "retokenized:gpt2");
        assertThat(results.toString()).doesNotContain("987654321");
        assertThat(secret.toString()).doesNotContain("987654321");
        assertThat(p.toString()).doesNotContain("987654321");
    }

    @Test
    void retokenizesWithAnyHuggingFaceTokenizerJson() throws Exception {
        // The MiniLM tokenizer shipped with the toxicity encoder stands in for a generating model's tokenizer.json.
        java.nio.file.Path json = java.nio.file.Files.createTempFile("tokenizer", ".json");
        try (var in = getClass().getResourceAsStream("/all-minilm-l6-v2-q-tokenizer.json")) {
            java.nio.file.Files.copy(in, json, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        try (Tokenizers tokenizers = new Tokenizers()) {
            int[] ids = tokenizers.encode(json.toString(), "hello world");
            assertThat(ids).containsExactly(7592, 2088);
            assertThat(tokenizers.encode("gpt2", "hello world")).containsExactly(31373, 995);
        }
    }

    private static GeneratedContent event(String id, String text, List<Integer> tokens) {
        return GeneratedContent.newBuilder().setEventId(id).setTenantId("t").setModelId("m")
                .setCreatedAt(Instant.EPOCH).setCompletion(text).setTokenIds(tokens).setGroups(Map.of()).setMetadata(Map.of())
                .build();
    }
}
