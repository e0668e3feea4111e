package io.moderationstream.scoring.toxicity;

import io.moderationstream.scoring.toxicity.offline.BiasMetrics;
import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.ScorerResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The shipped encoder (DJL, ONNX Runtime) and trained head on real text. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToxicityModelTest {
    private ToxicityModel model;

    @BeforeAll
    void load() throws Exception {
        ToxicityScorerConfig cfg = new ToxicityScorerConfig();
        cfg.threads = 1;
        model = io.moderationstream.scoring.toxicity.ToxicityPlugin.model(cfg);
    }

    @AfterAll
    void close() throws Exception {
        model.close();
    }

    @Test
    void headIsCalibratedProbabilitiesOfEveryAttribute() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/toxicity/head.json")) {
            ToxicityHead head = ToxicityHead.load(in);
            assertThat(head.attributes()).containsExactlyElementsOf(ToxicityAttributes.ALL);
            assertThat(head.weights().dimension).isEqualTo(384);
            float[] zero = new float[384];
            float[] p = head.predict(zero);
            for (int a = 0; a < p.length; a++) {
                double expected = 1 / (1 + Math.exp(-(head.weights().plattA[a] * head.weights().bias[a] + head.weights().plattB[a])));
                assertThat((double) p[a]).isCloseTo(expected, within(1e-6));
            }
        }
    }

    @Test
    void encoderProducesUnitLengthSentenceEmbeddings() throws Exception {
        ToxicityScorerConfig cfg = new ToxicityScorerConfig();
        var dir = ModelFiles.unpackDir();
        try (OnnxTextEncoder encoder = new OnnxTextEncoder(ModelFiles.resolve(cfg.encoderModel, dir),
                ModelFiles.resolve(cfg.encoderTokenizer, dir), 128, 1, ToxicityScorerConfig.Device.CPU)) {
            float[][] e = encoder.embed(List.of("A short sentence.", "A much longer sentence that needs padding in the batch to be compared."));
            assertThat(e).hasNumberOfRows(2);
            for (float[] row : e) {
                double norm = 0;
                for (float v : row) {
                    norm += v * v;
                }
                assertThat(norm).isCloseTo(1.0, within(1e-4));
            }
            // Padding is masked out: the same text alone and in a padded batch embed (almost) alike. Not bit-identical,
            // because the int8 model quantizes activations dynamically per batch.
            float[] alone = encoder.embed(List.of("A short sentence."))[0];
            double cosine = 0;
            for (int d = 0; d < alone.length; d++) {
                cosine += alone[d] * e[0][d];
            }
            assertThat(cosine).isGreaterThan(0.97);
        }
    }

    @Test
    void separatesAbuseFromBenignTextIncludingIdentityStatements() throws Exception {
        float[][] p = model.predict(List.of(
                "You are a disgusting idiot and I hope you die.",
                "Shut the fuck up, you worthless piece of shit.",
                "Thanks for the recipe, the soup was delicious.",
                "I am a gay man.",
                "I am a Muslim woman and a nurse."));
        int tox = model.attributes().indexOf("toxicity");
        assertThat(p[0][tox]).isGreaterThan(0.5f);
        assertThat(p[1][tox]).isGreaterThan(0.5f);
        assertThat(p[2][tox]).isLessThan(0.2f);
        assertThat(p[3][tox]).isLessThan(0.5f);
        assertThat(p[4][tox]).isLessThan(0.5f);
        int threat = model.attributes().indexOf("threat");
        assertThat(p[0][threat]).isGreaterThan(p[2][threat]);
    }

    @Test
    void scorerPointsAtTheSentenceThatDroveTheScore() throws Exception {
        ToxicityScorer scorer = new ToxicityScorer(model, false, 8);
        String text = "The meeting starts at nine. You are a disgusting idiot and I hope you die. See you there.";
        ScorerResult r = scorer.score(List.of(GeneratedContent.newBuilder().setEventId("e").setTenantId("t").setModelId("m")
                .setCreatedAt(Instant.EPOCH).setCompletion(text).setGroups(Map.of()).setMetadata(Map.of()).build())).get(0);
        assertThat(r.getScores().get("toxicity")).isGreaterThan(0.5);
        // The top span is the piece that set the score (here the whole text may); the top sentence is the toxic one.
        var top = r.getEvidence().stream().filter(e -> e.getAttributes().get("piece").equals("sentence")).findFirst().orElseThrow();
        assertThat(text.substring(top.getBegin(), top.getEnd())).isEqualTo("You are a disgusting idiot and I hope you die.");
        assertThat(Double.parseDouble(r.getEvidence().get(0).getAttributes().get("toxicity")))
                .isCloseTo(r.getScores().get("toxicity"), org.assertj.core.api.Assertions.within(0.001));
    }

    @Test
    void biasMetricsFollowTheJigsawDefinitions() {
        double[] scores = {0.9, 0.8, 0.3, 0.2, 0.7, 0.1};
        boolean[] labels = {true, true, false, false, false, true};
        boolean[] group = {true, false, true, false, true, false};
        // Positives {0.9, 0.8, 0.1} vs negatives {0.3, 0.2, 0.7}: 6 of 9 pairs ranked right.
        assertThat(BiasMetrics.auc(scores, labels)).isCloseTo(6.0 / 9, within(1e-12));
        assertThat(BiasMetrics.subgroupAuc(scores, labels, group)).isCloseTo(1.0, within(1e-12));
        // BPSN: background positives {0.8, 0.1} vs subgroup negatives {0.3, 0.7}: 2 of 4 pairs ranked right.
        assertThat(BiasMetrics.bpsnAuc(scores, labels, group)).isCloseTo(0.5, within(1e-12));
        assertThat(BiasMetrics.powerMean(List.of(0.5, 1.0), -5)).isCloseTo(Math.pow((Math.pow(0.5, -5) + 1) / 2, -0.2), within(1e-12));
    }
}
