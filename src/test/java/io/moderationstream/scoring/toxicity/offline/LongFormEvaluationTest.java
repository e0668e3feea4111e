package io.moderationstream.scoring.toxicity.offline;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The long-form set's insertion at a sentence boundary, and the report's flag rate and recall by text length. */
class LongFormEvaluationTest {

    @Test
    void theToxicSentenceGoesBetweenTwoSentences() {
        String text = "The river rises in spring. Farmers plant rice then. The harvest comes in autumn.";
        String with = LongFormEvaluationSet.insert(text, "you people are vermin", new Random(1));
        assertThat(with).contains("you people are vermin.").startsWith("The river rises in spring.").endsWith("autumn.");
        assertThat(with.replace(" you people are vermin.", "")).isEqualTo(text);
        assertThat(LongFormEvaluationSet.insert("One sentence only", "bad!", new Random(1))).isEqualTo("One sentence only bad!");
    }

    @Test
    void byLengthReportsTheHarmlessFlagRateAndTheToxicRecallPerBucket() {
        String shortText = "x".repeat(50);
        String longText = "y".repeat(900);
        List<ToxicityEvaluation.Item> items = List.of(
                new ToxicityEvaluation.Item(shortText, false, List.of()), new ToxicityEvaluation.Item(shortText, false, List.of()),
                new ToxicityEvaluation.Item(longText, false, List.of()), new ToxicityEvaluation.Item(longText, false, List.of()),
                new ToxicityEvaluation.Item(longText, true, List.of()), new ToxicityEvaluation.Item(longText, true, List.of()));
        double[] scores = {0.1, 0.2, 0.9, 0.2, 0.8, 0.3};
        JsonNode byLength = ToxicityEvaluation.report(items, scores, 0.5, 10).get("by_length");
        assertThat(byLength.get("<100").get("flag_rate_harmless").asDouble()).isZero();
        assertThat(byLength.get("<100").get("recall_toxic").isNull()).isTrue();
        assertThat(byLength.get(">=800").get("count").asInt()).isEqualTo(4);
        assertThat(byLength.get(">=800").get("flag_rate_harmless").asDouble()).isEqualTo(0.5);
        assertThat(byLength.get(">=800").get("recall_toxic").asDouble()).isEqualTo(0.5);
        assertThat(byLength.get("100-300").get("count").asInt()).isZero();
    }
}
