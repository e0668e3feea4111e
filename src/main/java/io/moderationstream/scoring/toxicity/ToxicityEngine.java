package io.moderationstream.scoring.toxicity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.moderationstream.config.ConfigErrors;


/** Which toxicity model serves the branch ({@code scorers.toxicity.options.engine}, {@code --engine}). */
public enum ToxicityEngine {
    /** The fine-tuned int8 MiniLM classifier (default). */
    FINETUNED("finetuned"),
    /** The quantized MiniLM sentence encoder with a linear head: the light fallback. */
    ONNX("onnx"),
    /** A Hugging Face sequence-classification model of your own, exported to ONNX. */
    ONNX_CLASSIFIER("onnx-classifier"),
    /** The dependency-free word list. */
    LEXICON("lexicon");

    private final String configName;

    ToxicityEngine(String configName) {
        this.configName = configName;
    }

    @JsonValue
    public String configName() {
        return configName;
    }

    @Override
    public String toString() {
        return configName;
    }

    @JsonCreator
    public static ToxicityEngine fromName(String name) {
        return ConfigErrors.byConfigName(values(), ToxicityEngine::configName, name, "toxicity engine");
    }
}
