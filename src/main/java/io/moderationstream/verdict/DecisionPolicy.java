package io.moderationstream.verdict;

import io.moderationstream.avro.Decision;
import io.moderationstream.avro.Reason;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.avro.ScorerStatus;
import io.moderationstream.config.JobConfig;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns scorer results into ALLOW / REVIEW / BLOCK with reasons, using the tenant's thresholds or the default ones.
 * The decision is the most severe outcome any rule asks for.
 */
public class DecisionPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    private final JobConfig.PolicyConfig config;

    public DecisionPolicy(JobConfig.PolicyConfig config) {
        this.config = config;
    }

    public String version() {
        return config.version;
    }

    public JobConfig.Thresholds thresholdsFor(String tenant) {
        return config.tenants.getOrDefault(tenant, config.defaults);
    }

    public record Outcome(Decision decision, List<Reason> reasons) {}

    public Outcome decide(String tenant, ScorerResult toxicity, ScorerResult citations, ScorerResult watermark) {
        JobConfig.Thresholds t = thresholdsFor(tenant);
        List<Reason> reasons = new ArrayList<>();
        Decision decision = Decision.ALLOW;
        for (ScorerResult r : List.of(toxicity, citations, watermark)) {
            if (r.getStatus() == ScorerStatus.DEGRADED || r.getStatus() == ScorerStatus.ERROR) {
                ReasonCode code = r.getStatus() == ScorerStatus.DEGRADED ? ReasonCode.SCORER_DEGRADED : ReasonCode.SCORER_ERROR;
                reasons.add(reason(code, r.getScorer(), r.getScorer() + " " + r.getStatus().name().toLowerCase(Locale.ROOT)
                        + (r.getMessage() == null ? "" : ": " + r.getMessage())));
                decision = max(decision, t.degradedAction);
            }
        }
        if (toxicity.getStatus() == ScorerStatus.OK) {
            double tox = toxicity.getScores().getOrDefault("toxicity", 0.0);
            if (tox >= t.toxicityBlock) {
                reasons.add(reason(ReasonCode.TOXICITY_BLOCK, "toxicity", String.format(Locale.ROOT,
                        "toxicity %.2f ≥ block threshold %.2f%s", tox, t.toxicityBlock, topAttribute(toxicity))));
                decision = max(decision, Decision.BLOCK);
            } else if (tox >= t.toxicityReview) {
                reasons.add(reason(ReasonCode.TOXICITY_REVIEW, "toxicity", String.format(Locale.ROOT,
                        "toxicity %.2f ≥ review threshold %.2f%s", tox, t.toxicityReview, topAttribute(toxicity))));
                decision = max(decision, Decision.REVIEW);
            }
        }
        if (citations.getStatus() == ScorerStatus.OK) {
            double fab = citations.getScores().getOrDefault("fabricated_citation", 0.0);
            if (fab >= t.citationReview) {
                int notFound = citations.getScores().getOrDefault("not_found", 0.0).intValue();
                int mismatch = citations.getScores().getOrDefault("mismatch", 0.0).intValue();
                reasons.add(reason(ReasonCode.FABRICATED_CITATION, "citations", String.format(Locale.ROOT,
                        "likely fabricated citations (score %.2f): %d not found, %d mismatched", fab, notFound, mismatch)));
                decision = max(decision, fab >= t.citationBlock ? Decision.BLOCK : Decision.REVIEW);
            }
        }
        if (watermark.getStatus() == ScorerStatus.OK && watermark.getScores().getOrDefault("detected", 0.0) >= 1.0) {
            reasons.add(reason(ReasonCode.WATERMARK_DETECTED, "watermark", String.format(Locale.ROOT,
                    "green-list watermark detected (z = %.2f)", watermark.getScores().getOrDefault("z_score", Double.NaN))));
            decision = max(decision, t.watermarkAction);
        }
        return new Outcome(decision, reasons);
    }

    private static String topAttribute(ScorerResult toxicity) {
        String top = null;
        double best = -1;
        for (var e : toxicity.getScores().entrySet()) {
            if (!e.getKey().equals("toxicity") && e.getValue() > best) {
                best = e.getValue();
                top = e.getKey();
            }
        }
        return top == null ? "" : String.format(Locale.ROOT, " (highest attribute %s %.2f)", top, best);
    }

    private static Reason reason(ReasonCode code, String scorer, String text) {
        return Reason.newBuilder().setCode(code.name()).setScorer(scorer).setText(text).build();
    }

    private static Decision max(Decision a, Decision b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
