package io.moderationstream.scoring.toxicity;

import io.moderationstream.scoring.toxicity.offline.CounterfactualIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moderationstream.config.ConfigLoader;
import io.moderationstream.config.JobConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
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
        model = io.moderationstream.scoring.toxicity.ToxicityPlugin.model(cfg);
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
     * The int8 export against the fp32 model it came from, on 217 fixed texts × 7 attributes: every probability
     * within 0.02. Measured with the committed model: median 0.001, 99th percentile 0.013, largest 0.019 (see
     * MODEL_CARD.md, Quantization).
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
        assertThat(differences).hasSize(texts.size() * model.attributes().size())
                .allSatisfy(d -> assertThat(d).as("|int8 - fp32|").isLessThanOrEqualTo(0.02));
    }

    @Test
    void identityStatementsStayBelowTheDefaultReviewThreshold() throws Exception {
        JobConfig cfg = new ConfigLoader().load(Path.of("jobs/embedded.yaml"), List.of());
        double review = new io.moderationstream.verdict.DecisionPolicy(cfg.policy).thresholdsFor("any").of(new ToxicityPlugin()).toxicityReview;
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

    /** The model card names the sha256 of every committed artifact; a retrained or re-exported model must update it. */
    @Test
    void modelCardCarriesTheArtifactsChecksums() throws Exception {
        String card = Files.readString(Path.of("MODEL_CARD.md"));
        for (String file : List.of("toxicity-finetuned.onnx", "toxicity-finetuned-tokenizer.json", "toxicity-finetuned-labels.json")) {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(Path.of("src/main/resources/toxicity/finetuned", file)));
            assertThat(card).as("sha256 of %s in MODEL_CARD.md", file).contains(HexFormat.of().formatHex(digest));
        }
    }
}
