package io.moderationstream.scoring.toxicity;

import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.ScorerResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** How the scorer combines its pieces, with a model whose scores the test chooses: the evidence explains the score. */
class ToxicityScorerPiecesTest {
    static final String TEXT = "The valley is green. The river rises in spring. Some words sound harsh out of context. "
            + "The harvest comes in autumn. Winters are mild.";

    /** A model that scores each piece by a rule of the test's (toxicity only). */
    record FixedModel(ToDoubleFunction<String> toxicity) implements ToxicityModel {
        @Override
        public List<String> attributes() {
            return List.of("toxicity");
        }

        @Override
        public float[][] predict(List<String> texts) {
            float[][] out = new float[texts.size()][1];
            for (int i = 0; i < texts.size(); i++) {
                out[i][0] = (float) toxicity.applyAsDouble(texts.get(i));
            }
            return out;
        }

        @Override
        public void close() {}
    }

    static ScorerResult score(ToxicityModel model, TextScoring scoring) throws Exception {
        return new ToxicityScorer(model, false, 8, scoring).score(List.of(GeneratedContent.newBuilder().setEventId("e")
                .setTenantId("t").setModelId("m").setCreatedAt(Instant.EPOCH).setCompletion(TEXT).setGroups(Map.of())
                .setMetadata(Map.of()).build())).get(0);
    }

    @Test
    void whenTheWholeTextSetsTheScoreItIsTheTopEvidence() throws Exception {
        // Each sentence is harmless alone; the whole text (what the model sees truncated) scores 0.6.
        ScorerResult r = score(new FixedModel(t -> t.equals(TEXT) ? 0.6 : 0.1), TextScoring.MAX);
        assertThat(r.getScores().get("toxicity")).isCloseTo(0.6, within(1e-6));
        var top = r.getEvidence().get(0);
        assertThat(top.getAttributes()).containsEntry("piece", "whole_text").containsEntry("toxicity", "0.600");
        assertThat(top.getBegin()).isZero();
        assertThat(top.getEnd()).isEqualTo(TEXT.length());
    }

    @Test
    void inContextASentenceThatOnlyLooksToxicAloneDropsAndAToxicOneStays() throws Exception {
        String harsh = "Some words sound harsh out of context.";
        // Alone 0.9; with its neighbours 0.2 (harmless in context), or 0.95 (toxic whatever surrounds it).
        ScorerResult harmless = score(new FixedModel(t -> t.equals(harsh) ? 0.9 : t.contains(harsh) && !t.equals(TEXT) ? 0.2
                : t.equals(TEXT) ? 0.7 : 0.05), TextScoring.CONTEXT);
        assertThat(harmless.getScores().get("toxicity")).as("min(0.9, 0.2); the whole text is not scored").isCloseTo(0.2, within(1e-6));
        assertThat(harmless.getEvidence().get(0).getAttributes()).containsEntry("piece", "sentence_in_context");
        ScorerResult toxic = score(new FixedModel(t -> t.equals(harsh) ? 0.9 : t.contains(harsh) ? 0.95 : 0.05), TextScoring.CONTEXT);
        assertThat(toxic.getScores().get("toxicity")).isCloseTo(0.9, within(1e-6));
        var top = toxic.getEvidence().get(0);
        assertThat(TEXT.substring(top.getBegin(), top.getEnd())).isEqualTo(harsh);
        assertThat(score(new FixedModel(t -> t.equals(harsh) ? 0.9 : t.contains(harsh) && !t.equals(TEXT) ? 0.2
                : t.equals(TEXT) ? 0.7 : 0.05), TextScoring.MAX).getScores().get("toxicity")).as("max: alone counts").isCloseTo(0.9, within(1e-6));
    }
}
