package io.moderationstream.scoring.pii;

import io.moderationstream.avro.Decision;
import io.moderationstream.avro.Evidence;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.config.ConfigException;
import io.moderationstream.scoring.Finding;
import io.moderationstream.scoring.PolicyBlock;
import io.moderationstream.scoring.ScorerFactory;
import io.moderationstream.scoring.ScorerPlugin;
import io.moderationstream.scoring.SensitiveSpan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The privacy scorer as a plug-in: personal data and secrets found, validated and context-scored; per type and tenant
 * an action (ALLOW, REVIEW, BLOCK or REDACT) from a minimum confidence up; every value masked in every output.
 */
public final class PiiPlugin implements ScorerPlugin<PiiScorerConfig, PiiPlugin.Policy> {
    private static final long serialVersionUID = 1L;
    public static final String ID = "pii";
    /** A reason lists at most this many values; the evidence has them all. */
    private static final int LISTED = 5;

    /** Why a verdict carries a privacy reason. */
    public enum Reason { PII_BLOCK, PII_REVIEW, PII_REDACTED }

    /** What a type's value does to the verdict. REDACT lets the content through as {@code redacted_completion}. */
    public enum Action { ALLOW, REVIEW, BLOCK, REDACT }

    /** One type's rule: its action, for values at or above {@code min_score}. */
    public static final class TypeRule implements Serializable {
        private static final long serialVersionUID = 1L;
        public Action action = Action.ALLOW;
        public double minScore = 0.5;

        public TypeRule() {}

        TypeRule(Action action) {
            this.action = action;
        }
    }

    /**
     * {@code policy.defaults.pii.<TYPE>: {action, min_score}} (and per tenant). Types not listed keep the defaults:
     * REVIEW for secrets and cards, ALLOW (report only) for the rest.
     */
    public static final class Policy implements PolicyBlock {
        private static final long serialVersionUID = 1L;
        public Map<PiiType, TypeRule> pii = new EnumMap<>(PiiType.class);

        public TypeRule rule(PiiType type) {
            TypeRule own = pii.get(type);
            if (own != null) {
                return own;
            }
            return type == PiiType.SECRET || type == PiiType.CREDIT_CARD ? new TypeRule(Action.REVIEW) : new TypeRule(Action.ALLOW);
        }

        @Override
        public void validate(String key) {
            pii.forEach((type, rule) -> {
                if (rule.action == null) {
                    throw new ConfigException(key + ".pii." + type + ".action must be ALLOW, REVIEW, BLOCK or REDACT");
                }
                if (!(rule.minScore >= 0 && rule.minScore <= 1)) {
                    throw new ConfigException(key + ".pii." + type + ".min_score is " + rule.minScore + ", expected a confidence in [0, 1]");
                }
            });
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int order() {
        return 40;
    }

    @Override
    public Class<PiiScorerConfig> optionsType() {
        return PiiScorerConfig.class;
    }

    @Override
    public void validate(PiiScorerConfig options, String key) {
        var supported = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedRegions();
        for (String region : options.regions) {
            if (!supported.contains(region)) {
                throw new ConfigException(key + ".regions holds '" + region + "', not a region libphonenumber knows (ISO 3166 codes such as US, GB, DE)");
            }
        }
        if (!(options.reportThreshold > 0 && options.reportThreshold <= 1)) {
            throw new ConfigException(key + ".report_threshold is " + options.reportThreshold + ", expected a confidence in (0, 1]");
        }
        if (options.maxEntities < 1) {
            throw new ConfigException(key + ".max_entities is " + options.maxEntities + ", expected at least 1");
        }
    }

    @Override
    public ScorerFactory factory(PiiScorerConfig options) {
        return () -> new PiiScorer(options);
    }

    @Override
    public Class<Policy> policyType() {
        return Policy.class;
    }

    @Override
    public List<Finding> decide(ScorerResult result, Policy policy) {
        Map<Action, List<Evidence>> byAction = new EnumMap<>(Action.class);
        for (Evidence e : entities(result)) {
            PiiType type = PiiType.valueOf(e.getAttributes().get("type"));
            TypeRule rule = policy.rule(type);
            if (score(e) >= rule.minScore && rule.action != Action.ALLOW) {
                byAction.computeIfAbsent(rule.action, a -> new ArrayList<>()).add(e);
            }
        }
        List<Finding> findings = new ArrayList<>();
        add(findings, byAction.get(Action.BLOCK), Reason.PII_BLOCK, Decision.BLOCK, "personal data or secrets to block");
        add(findings, byAction.get(Action.REVIEW), Reason.PII_REVIEW, Decision.REVIEW, "personal data or secrets to review");
        add(findings, byAction.get(Action.REDACT), Reason.PII_REDACTED, Decision.ALLOW, "redacted");
        return findings;
    }

    private static void add(List<Finding> findings, List<Evidence> found, Reason code, Decision decision, String what) {
        if (found == null) {
            return;
        }
        StringBuilder text = new StringBuilder(what).append(": ");
        for (int i = 0; i < Math.min(LISTED, found.size()); i++) {
            Evidence e = found.get(i);
            text.append(i == 0 ? "" : "; ").append(e.getAttributes().get("type")).append(' ').append(e.getText())
                    .append(String.format(Locale.ROOT, " (%.2f) at %d–%d", score(e), e.getBegin(), e.getEnd()));
        }
        if (found.size() > LISTED) {
            text.append("; ").append(found.size() - LISTED).append(" more");
        }
        findings.add(new Finding(code, decision, text.toString()));
    }

    /** Every value the scorer found is redacted when the tenant's policy says REDACT for one of them. */
    @Override
    public String redactedCompletion(ScorerResult result, Policy policy) {
        boolean redact = false;
        for (Evidence e : entities(result)) {
            TypeRule rule = policy.rule(PiiType.valueOf(e.getAttributes().get("type")));
            redact |= rule.action == Action.REDACT && score(e) >= rule.minScore;
        }
        if (!redact) {
            return null;
        }
        for (Evidence e : result.getEvidence()) {
            if (PiiScorer.REDACTED_EVIDENCE.equals(e.getKind())) {
                return e.getText();
            }
        }
        return null;
    }

    @Override
    public List<SensitiveSpan> sensitiveSpans(ScorerResult result) {
        List<SensitiveSpan> spans = new ArrayList<>();
        for (Evidence e : entities(result)) {
            spans.add(new SensitiveSpan(e.getBegin(), e.getEnd(), e.getAttributes().get("type")));
        }
        return spans;
    }

    /** The verdict keeps the values' evidence, not the redacted copy of the whole completion (that is the policy's). */
    @Override
    public ScorerResult published(ScorerResult result) {
        if (result.getEvidence().stream().noneMatch(e -> PiiScorer.REDACTED_EVIDENCE.equals(e.getKind()))) {
            return result;
        }
        ScorerResult copy = ScorerResult.newBuilder(result).build();
        copy.setEvidence(new ArrayList<>(result.getEvidence().stream().filter(e -> !PiiScorer.REDACTED_EVIDENCE.equals(e.getKind())).toList()));
        return copy;
    }

    @Override
    public List<Reason> reasonCodes() {
        return List.of(Reason.values());
    }

    private static List<Evidence> entities(ScorerResult result) {
        return result.getEvidence().stream().filter(e -> PiiScorer.PII_EVIDENCE.equals(e.getKind()) && e.getBegin() != null).toList();
    }

    private static double score(Evidence e) {
        return Double.parseDouble(e.getAttributes().get("score"));
    }
}
