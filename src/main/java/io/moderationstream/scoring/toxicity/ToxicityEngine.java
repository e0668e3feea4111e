package io.moderationstream.scoring.toxicity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.moderationstream.config.ConfigErrors;
import io.moderationstream.config.ConfigException;

import java.util.Arrays;
import java.util.List;

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
        for (ToxicityEngine e : values()) {
            if (e.configName.equalsIgnoreCase(name) || e.name().equalsIgnoreCase(name)) {
                return e;
            }
        }
        List<String> names = Arrays.stream(values()).map(ToxicityEngine::configName).toList();
        throw new ConfigException("toxicity engine '" + name + "' is not one of " + String.join(", ", names)
                + ConfigErrors.nearest(name, names).map(n -> " (did you mean " + n + "?)").orElse(""));
    }
}
