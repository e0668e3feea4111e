package io.moderationstream.scoring.protected_material;

import io.moderationstream.avro.Decision;
import io.moderationstream.avro.Evidence;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.config.ConfigException;
import io.moderationstream.scoring.Finding;
import io.moderationstream.scoring.PolicyBlock;
import io.moderationstream.scoring.ScorerFactory;
import io.moderationstream.scoring.ScorerPlugin;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The protected-material scorer as a plug-in: copies of a customer's protected corpus, with coverage, longest match
 * and source; reviewed or blocked per tenant. Runs when {@code scorers.protected_material.options.index_dir} is set.
 */
public final class ProtectedMaterialPlugin implements ScorerPlugin<ProtectedMaterialConfig, ProtectedMaterialPlugin.Policy> {
    private static final long serialVersionUID = 1L;
    public static final String ID = "protected_material";
    /** A reason names at most this many copies; the evidence has them all. */
    private static final int LISTED = 3;

    /** Why a verdict carries a protected-material reason. */
    public enum Reason { PROTECTED_REVIEW, PROTECTED_BLOCK }

    /**
     * A rule that fires when a text holds a copy and either its coverage or its longest copy reaches the threshold.
     * Copies under 50 normalised characters and short quotations are never findings, whatever the rule says.
     */
    public static final class Rule implements Serializable {
        private static final long serialVersionUID = 1L;
        /** Share of the completion's (normalised) characters inside copies. */
        public double coverage;
        /** Estimated length of the longest copy, in normalised characters. */
        public int longestMatchChars;

        public Rule() {}

        Rule(double coverage, int longestMatchChars) {
            this.coverage = coverage;
            this.longestMatchChars = longestMatchChars;
        }

        boolean fires(double coverage, int longest) {
            return coverage >= this.coverage || longest >= longestMatchChars;
        }
    }

    /** {@code policy.defaults.protected_review / protected_block: {coverage, longest_match_chars}} (and per tenant). */
    public static final class Policy implements PolicyBlock {
        private static final long serialVersionUID = 1L;
        /** By default every copy is reviewed. */
        public Rule protectedReview = new Rule(0.0, ProtectedMatcher.MIN_MATCH_CHARS);
        /** By default an answer that is mostly copied, or copies a page or more, is blocked. */
        public Rule protectedBlock = new Rule(0.5, 1000);

        @Override
        public void validate(String key) {
            check(key + ".protected_review", protectedReview);
            check(key + ".protected_block", protectedBlock);
        }

        private static void check(String key, Rule rule) {
            if (rule == null) {
                throw new ConfigException(key + " needs coverage and longest_match_chars");
            }
            PolicyBlock.requireProbability(key + ".coverage", rule.coverage);
            if (rule.longestMatchChars < 0) {
                throw new ConfigException(key + ".longest_match_chars is " + rule.longestMatchChars + ", expected 0 or more characters");
            }
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int order() {
        return 50;
    }

    /** On when an index is configured: there is nothing to compare against without one. */
    @Override
    public boolean enabledByDefault(Map<String, Object> options) {
        Object dir = options.get("index_dir");
        return dir != null && !dir.toString().isBlank();
    }

    @Override
    public Class<ProtectedMaterialConfig> optionsType() {
        return ProtectedMaterialConfig.class;
    }

    @Override
    public void validate(ProtectedMaterialConfig options, String key) {
        if (options.indexDir == null || options.indexDir.isBlank()) {
            throw new ConfigException(key + ".index_dir is not set: point it at an index built with 'protected index --input FILES --out DIR'");
        }
        if (options.maxChars < 1 || options.maxMatches < 1 || options.evidenceChars < 0) {
            throw new ConfigException(key + ": max_chars and max_matches must be at least 1, evidence_chars at least 0");
        }
    }

    @Override
    public ScorerFactory factory(ProtectedMaterialConfig options) {
        return () -> new ProtectedMaterialScorer(options);
    }

    @Override
    public Class<Policy> policyType() {
        return Policy.class;
    }

    @Override
    public List<Finding> decide(ScorerResult result, Policy policy) {
        List<Evidence> copies = result.getEvidence().stream()
                .filter(e -> ProtectedMaterialScorer.MATCH_EVIDENCE.equals(e.getKind()) && e.getBegin() != null).toList();
        if (copies.isEmpty()) {
            return List.of();
        }
        double coverage = result.getScores().getOrDefault("coverage", 0.0);
        int longest = (int) Math.round(result.getScores().getOrDefault("longest_match_chars", 0.0));
        List<Finding> findings = new ArrayList<>();
        if (policy.protectedBlock.fires(coverage, longest)) {
            findings.add(new Finding(Reason.PROTECTED_BLOCK, Decision.BLOCK, describe(copies, coverage, longest)));
        } else if (policy.protectedReview.fires(coverage, longest)) {
            findings.add(new Finding(Reason.PROTECTED_REVIEW, Decision.REVIEW, describe(copies, coverage, longest)));
        }
        return findings;
    }

    private static String describe(List<Evidence> copies, double coverage, int longest) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "reproduces protected material: %.0f%% of the text, longest copy ~%d characters; ", coverage * 100, longest));
        for (int i = 0; i < Math.min(LISTED, copies.size()); i++) {
            Evidence e = copies.get(i);
            Map<String, String> a = e.getAttributes();
            String source = a.getOrDefault("source_id", "");
            text.append(i == 0 ? "" : "; ").append(a.getOrDefault("kind", "VERBATIM").toLowerCase(Locale.ROOT).replace('_', '-'))
                    .append(" from '").append(a.getOrDefault("title", "")).append("'")
                    .append(source.isEmpty() ? "" : " (" + source + ")")
                    .append(" at ").append(e.getBegin()).append('–').append(e.getEnd());
        }
        if (copies.size() > LISTED) {
            text.append("; ").append(copies.size() - LISTED).append(" more");
        }
        return text.toString();
    }

    @Override
    public List<Reason> reasonCodes() {
        return List.of(Reason.values());
    }
}
