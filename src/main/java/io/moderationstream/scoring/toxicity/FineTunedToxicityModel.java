package io.moderationstream.scoring.toxicity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The default model (engine {@code finetuned}): all-MiniLM-L6-v2 fine-tuned end to end as a seven-attribute
 * classifier ({@code training/toxicity}), exported to ONNX with int8 weights and served by DJL on ONNX Runtime. The
 * graph ends in a sigmoid, so its output is the probabilities themselves.
 */
public final class FineTunedToxicityModel implements ToxicityModel {
    private final OnnxTextEncoder encoder;
    private final List<String> attributes;

    FineTunedToxicityModel(OnnxTextEncoder encoder, List<String> attributes) {
        this.encoder = encoder;
        this.attributes = attributes;
    }

    public static FineTunedToxicityModel create(ToxicityScorerConfig cfg) throws Exception {
        Path dir = ModelFiles.unpackDir();
        JsonNode labels = new ObjectMapper().readTree(ModelFiles.resolve(cfg.finetunedLabels, dir).toFile());
        List<String> attributes = new ArrayList<>();
        labels.path("attributes").forEach(a -> attributes.add(a.asText()));
        if (!attributes.containsAll(ToxicityAttributes.ALL)) {
            throw new IllegalStateException("toxicity labels " + cfg.finetunedLabels + " name " + attributes
                    + ", expected the attributes " + ToxicityAttributes.ALL);
        }
        OnnxTextEncoder encoder = new OnnxTextEncoder(ModelFiles.resolve(cfg.finetunedModel, dir),
                ModelFiles.resolve(cfg.finetunedTokenizer, dir), cfg.maxTokens, cfg.threads, cfg.device);
        // Loads the emoji tables (~0.4 s) when the operator opens rather than on the first record that has an emoji.
        EmojiText.describe("\uD83D\uDE42");
        return new FineTunedToxicityModel(encoder, List.copyOf(attributes));
    }

    @Override
    public List<String> attributes() {
        return attributes;
    }

    @Override
    public float[][] predict(List<String> texts) throws Exception {
        return EncoderPasses.run(texts, encoder.maxTokens(), encoder::logits);
    }

    @Override
    public void close() {
        encoder.close();
    }
}
