package io.moderationstream.scoring.toxicity;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.moderationstream.testing.OnnxGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The bring-your-own engine ({@code onnx-classifier}) serving a sequence classifier shaped like a DistilBERT/RoBERTa
 * export (inputs input_ids and attention_mask only, output logits [batch, labels]) through DJL and ONNX Runtime. The
 * model is written by the test: token embeddings averaged over the attention mask, so every probability is known.
 */
class HuggingFaceClassifierModelTest {
    private static final String TOKENIZER = "classpath:/all-minilm-l6-v2-q-tokenizer.json";
    private static final int VOCAB = 30522;

    @TempDir
    Path dir;

    /** Logit columns: toxic (stupid, idiot: +10) and insult (idiot: +10); every other token is -1 in both. */
    private Path writeClassifier(Path tokenizerFile) throws Exception {
        float[] embeddings = new float[VOCAB * 2];
        Arrays.fill(embeddings, -1f);
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerFile, Map.of("addSpecialTokens", "false"))) {
            int stupid = (int) tokenizer.encode("stupid").getIds()[0];
            int idiot = (int) tokenizer.encode("idiot").getIds()[0];
            embeddings[stupid * 2] = 10f;
            embeddings[idiot * 2] = 10f;
            embeddings[idiot * 2 + 1] = 10f;
        }
        byte[] model = new OnnxGraph()
                .tokenInput("input_ids").tokenInput("attention_mask").floatOutput("logits", 2)
                .floatInitializer("embeddings", embeddings, VOCAB, 2)
                .floatInitializer("bias", new float[] {0f, 0f}, 2)
                .node("Gather", List.of("embeddings", "input_ids"), "token_logits")
                .node("Cast", List.of("attention_mask"), "mask", "to", 1L)
                .node("Unsqueeze", List.of("mask"), "mask3", "axes", new long[] {2})
                .node("Mul", List.of("token_logits", "mask3"), "masked")
                .node("ReduceSum", List.of("masked"), "summed", "axes", new long[] {1}, "keepdims", 0L)
                .node("ReduceSum", List.of("mask3"), "count", "axes", new long[] {1}, "keepdims", 0L)
                .node("Div", List.of("summed", "count"), "mean")
                .node("Add", List.of("mean", "bias"), "logits")
                .toBytes();
        Path file = dir.resolve("toy-classifier.onnx");
        Files.write(file, model);
        return file;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void servesAClassifierWithoutTokenTypeInputsAndMapsItsLabels() throws Exception {
        Path tokenizer = ModelFiles.resolve(TOKENIZER, ModelFiles.unpackDir());
        ToxicityScorerConfig cfg = new ToxicityScorerConfig();
        cfg.engine = ToxicityEngine.ONNX_CLASSIFIER;
        cfg.classifierModel = writeClassifier(tokenizer).toString();
        cfg.classifierTokenizer = TOKENIZER;
        cfg.labels = List.of("toxic", "insult");
        cfg.labelMap = Map.of("toxic", "toxicity");

        try (HuggingFaceClassifierModel model = HuggingFaceClassifierModel.create(cfg)) {
            assertThat(model.attributes()).containsExactly("toxicity", "insult");
            // One batch of different lengths: padding must not count (the mask does the averaging).
            float[][] p = model.predict(List.of("you stupid idiot", "have a nice day", "you are stupid"));
            // [CLS] you stupid idiot [SEP]: toxic (-1 -1 +10 +10 -1) / 5, insult (-1 -1 -1 +10 -1) / 5
            assertThat((double) p[0][0]).isCloseTo(sigmoid(17.0 / 5), within(1e-4));
            assertThat((double) p[0][1]).isCloseTo(sigmoid(6.0 / 5), within(1e-4));
            assertThat((double) p[1][0]).isCloseTo(sigmoid(-1), within(1e-4));
            assertThat((double) p[2][0]).isCloseTo(sigmoid(6.0 / 5), within(1e-4));
            assertThat((double) p[2][1]).isCloseTo(sigmoid(-1), within(1e-4));
        }

        cfg.multiLabel = false;
        try (HuggingFaceClassifierModel model = HuggingFaceClassifierModel.create(cfg)) {
            float[][] p = model.predict(List.of("you stupid idiot"));
            double toxic = Math.exp(17.0 / 5) / (Math.exp(17.0 / 5) + Math.exp(6.0 / 5));
            assertThat((double) p[0][0]).as("softmax over the labels").isCloseTo(toxic, within(1e-4));
            assertThat((double) (p[0][0] + p[0][1])).isCloseTo(1.0, within(1e-5));
        }
    }
}
