package io.moderationstream.scoring.toxicity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moderationstream.config.ConfigLoader;
import io.moderationstream.config.JobConfig;
import io.moderationstream.scoring.ScorerFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped fine-tuned int8 classifier, as the default engine serves it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FineTunedToxicityModelTest {
    private ToxicityModel model;

    @BeforeAll
    void load() throws Exception {
        ToxicityScorerConfig cfg = new ToxicityScorerConfig();
        cfg.threads = 1;
        assertThat(cfg.engine).isEqualTo(ToxicityEngine.FINETUNED);
        model = ScorerFactories.toxicityModel(cfg);
    }

    @AfterAll
    void close() throws Exception {
        model.close();
    }

    @Test
    void reportsEveryAttributeInTheLabelMapsOrder() {
        assertThat(model).isInstanceOf(FineTunedToxicityModel.class);
        assertThat(model.attributes()).containsExactlyElementsOf(ToxicityAttributes.ALL);
    }

    /**
     * The int8 export against the fp32 model it came from, on 217 fixed texts × 7 attributes. Measured with the
     * committed model: median 0.002, 99th percentile 0.019, largest 0.027 (14 of 1,519 values above 0.02, all on
     * texts the model scores near 0.5, where the sigmoid is steepest). The bound of 0.02 holds for the 99th
     * percentile; the maximum is held at 0.03 until a finer quantization meets it (see MODEL_CARD.md).
     */
    @Test
    void int8ModelStaysCloseToTheFp32Model() throws Exception {
        JsonNode fixture;
        try (InputStream in = getClass().getResourceAsStream("/toxicity/finetuned-fp32-probabilities.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        List<String> texts = new ArrayList<>();
        fixture.get("texts").forEach(t -> texts.add(t.get("text").asText()));
        assertThat(texts).hasSizeGreaterThan(200);
        // The same inputs as the fp32 run: its texts were truncated where the training data was.
        ToxicityScorerConfig cfg = new ToxicityScorerConfig();
        cfg.threads = 1;
        cfg.maxTokens = fixture.get("max_tokens").asInt();
        float[][] p;
        try (ToxicityModel sameTruncation = FineTunedToxicityModel.create(cfg)) {
            p = sameTruncation.predict(texts);
        }
        List<Double> differences = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            JsonNode expected = fixture.get("texts").get(i).get("probabilities");
            for (int a = 0; a < model.attributes().size(); a++) {
                differences.add(Math.abs(p[i][a] - expected.get(a).asDouble()));
            }
        }
        java.util.Collections.sort(differences);
        double p99 = differences.get((int) (differences.size() * 0.99));
        double worst = differences.get(differences.size() - 1);
        assertThat(p99).as("99th percentile of |int8 - fp32| over %d values", differences.size()).isLessThanOrEqualTo(0.02);
        assertThat(worst).as("largest |int8 - fp32|").isLessThanOrEqualTo(0.03);
    }

    @Test
    void identityStatementsStayBelowTheDefaultReviewThreshold() throws Exception {
        JobConfig cfg = new ConfigLoader().load(Path.of("jobs/embedded.yaml"), List.of());
        double review = cfg.policy.defaults.toxicityReview;
        float[][] p = model.predict(CounterfactualIdentities.PROBES);
        int toxicity = model.attributes().indexOf("toxicity");
        for (int i = 0; i < p.length; i++) {
            assertThat((double) p[i][toxicity]).as(CounterfactualIdentities.PROBES.get(i)).isLessThan(review);
        }
    }

    @Test
    void batchesOfMixedLengthsScoreLikeSingleTexts() throws Exception {
        List<String> texts = List.of("Go back to where you came from, you filthy animals.",
                "The weather is lovely today, and we are going to the beach with the kids after lunch.", "ok");
        float[][] together = model.predict(texts);
        for (int i = 0; i < texts.size(); i++) {
            float[] alone = model.predict(List.of(texts.get(i)))[0];
            for (int a = 0; a < alone.length; a++) {
                // Activations are quantized per token, so padding in a batch changes no other token's arithmetic.
                assertThat(Math.abs(alone[a] - together[i][a])).isLessThan(1e-4f);
            }
        }
    }

    @Test
    void committedArtifactFitsTheRepositoryBudget() throws Exception {
        Path model = Path.of("src/main/resources/toxicity/finetuned/toxicity-finetuned.onnx");
        assertThat(Files.size(model)).isLessThanOrEqualTo(30L * 1024 * 1024);
    }
}
