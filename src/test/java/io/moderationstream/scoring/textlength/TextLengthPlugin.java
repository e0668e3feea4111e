package io.moderationstream.scoring.textlength;

import io.moderationstream.avro.Decision;
import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.config.ConfigException;
import io.moderationstream.scoring.BatchScorer;
import io.moderationstream.scoring.Finding;
import io.moderationstream.scoring.PolicyBlock;
import io.moderationstream.scoring.ScorerFactory;
import io.moderationstream.scoring.ScorerPlugin;
import io.moderationstream.scoring.ScorerResults;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A toy sixth scorer that lives in test sources only: this package and one services line are all it takes for it to
 * appear in verdicts, decisions, fairness rows, metrics and the report ({@code ToyScorerPluginTest}). Disabled
 * unless a config enables it, so the other tests do not see it.
 */
public final class TextLengthPlugin implements ScorerPlugin<TextLengthPlugin.Options, TextLengthPlugin.Policy> {
    private static final long serialVersionUID = 1L;
    public static final String ID = "text_length";

    public enum Reason { TEXT_TOO_LONG }

    public static final class Options implements Serializable {
        private static final long serialVersionUID = 1L;
        /** Count words instead of characters. */
        public boolean words = false;
    }

    public static final class Policy implements PolicyBlock {
        private static final long serialVersionUID = 1L;
        public int textLengthReview = 10_000;

        @Override
        public void validate(String key) {
            if (textLengthReview < 1) {
                throw new ConfigException(key + ".text_length_review is " + textLengthReview + ", expected at least 1");
            }
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean enabledByDefault() {
        return false;
    }

    @Override
    public Class<Options> optionsType() {
        return Options.class;
    }

    @Override
    public ScorerFactory factory(Options options) {
        return () -> new BatchScorer() {
            @Override
            public String id() {
                return ID;
            }

            @Override
            public List<ScorerResult> score(List<GeneratedContent> events) {
                return events.stream().map(e -> {
                    String text = e.getCompletion().toString();
                    double length = options.words ? text.split("\\s+").length : text.length();
                    return ScorerResults.ok(ID, Map.of("length", length), List.of());
                }).toList();
            }
        };
    }

    @Override
    public Class<Policy> policyType() {
        return Policy.class;
    }

    @Override
    public List<Finding> decide(ScorerResult result, Policy policy) {
        double length = result.getScores().getOrDefault("length", 0.0);
        return length >= policy.textLengthReview
                ? List.of(new Finding(Reason.TEXT_TOO_LONG, Decision.REVIEW, "text of " + (long) length + " ≥ " + policy.textLengthReview))
                : List.of();
    }

    @Override
    public List<Reason> reasonCodes() {
        return List.of(Reason.values());
    }
}
