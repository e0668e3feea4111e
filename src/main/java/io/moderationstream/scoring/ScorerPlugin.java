package io.moderationstream.scoring;

import io.moderationstream.avro.ScorerResult;

import java.io.Serializable;
import java.util.List;

/**
 * Everything the job needs to know about one scorer, provided by the scorer's own package and found with
 * {@link java.util.ServiceLoader} (a line in {@code META-INF/services/io.moderationstream.scoring.ScorerPlugin}). The
 * pipeline, the merge, the policy, fairness and the report loop over the registered plugins ({@link ScorerRegistry});
 * no core class names a scorer.
 *
 * @param <O> the typed options bound from {@code scorers.<id>.options}
 * @param <P> the typed policy block bound from the keys this scorer owns under {@code policy.defaults} and
 *            {@code policy.tenants.<tenant>}
 */
public interface ScorerPlugin<O, P extends PolicyBlock> extends Serializable {

    /** The config key ({@code scorers.<id>}), verdict key ({@code results.<id>}), metric label and uid part. */
    String id();

    /** Position in verdicts, reports and the fairness flag maps; the built-in scorers keep their historical order. */
    default int order() {
        return 1000;
    }

    /** Whether a config that does not mention this scorer runs it. */
    default boolean enabledByDefault() {
        return true;
    }

    /**
     * Whether a config that does not set {@code scorers.<id>.enabled} runs it, given its raw options (a scorer that
     * needs a resource may run only where one is configured).
     */
    default boolean enabledByDefault(java.util.Map<String, Object> options) {
        return enabledByDefault();
    }

    /** The options class; unknown keys and wrong types are one-line errors naming {@code scorers.<id>.options.<key>}. */
    Class<O> optionsType();

    /** Ranges the option types cannot express; throws {@link io.moderationstream.config.ConfigException} naming the key. */
    default void validate(O options, String key) {}

    /** The branch's factory: shipped with the graph, it creates the scorer in each subtask's {@code open()}. */
    ScorerFactory factory(O options);

    /** The policy block's class: its fields (snake_case in YAML) are the policy keys this scorer owns. */
    Class<P> policyType();

    /**
     * The decision rules: what an OK result asks of the verdict under the tenant's policy block. Results that are not
     * OK never reach here (the policy reports them as degraded or failed).
     */
    List<Finding> decide(ScorerResult result, P policy);

    /** The reason codes {@link #decide} can give: content flags, each naming this scorer in the verdict. */
    List<? extends Enum<?>> reasonCodes();

    /**
     * Spans of the completion that no output may show (personal data, secrets), found in this scorer's result: the
     * merge replaces them with {@code <label>} in every other scorer's evidence text.
     */
    default List<SensitiveSpan> sensitiveSpans(ScorerResult result) {
        return List.of();
    }

    /**
     * The completion with what the tenant's policy asks to redact replaced, when it asks for any, else null: the
     * verdict's {@code redacted_completion}. Built from the scorer's own result (which never holds the values).
     */
    default String redactedCompletion(ScorerResult result, P policy) {
        return null;
    }

    /** The result as the verdict publishes it, after the policy has read it (e.g. without working copies it needed). */
    default ScorerResult published(ScorerResult result) {
        return result;
    }

    /** The scorer's columns in the fairness statistics and the report. */
    default FairnessSignals fairness() {
        return FairnessSignals.none();
    }
}
