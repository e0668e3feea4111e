package io.moderationstream.verdict;

import io.moderationstream.avro.Decision;
import io.moderationstream.avro.Reason;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.config.ConfigLoader;
import io.moderationstream.config.JobConfig;
import io.moderationstream.scoring.ScorerResults;
import io.moderationstream.scoring.citations.CitationsPlugin;
import io.moderationstream.scoring.toxicity.ToxicityPlugin;
import io.moderationstream.scoring.watermark.WatermarkPlugin;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule of the decision policy, with the default thresholds and a tenant's own. */
class DecisionPolicyTest {
    private final DecisionPolicy policy;

    DecisionPolicyTest() throws Exception {
        JobConfig c = new ConfigLoader().defaults(List.of("policy.tenants.kids.toxicity_review=0.3",
                "policy.tenants.kids.toxicity_block=0.6", "policy.tenants.kids.watermark_action=BLOCK",
                "policy.tenants.kids.degraded_action=BLOCK", "policy.tenants.lenient.degraded_action=ALLOW",
                "policy.tenants.lenient.watermark_action=ALLOW"));
        policy = new DecisionPolicy(c.policy);
    }

    static ScorerResult toxicity(double p) {
        return ScorerResults.ok("toxicity", Map.of("toxicity", p, "insult", p / 2), List.of());
    }

    static ScorerResult citations(double fabricated) {
        return ScorerResults.ok("citations", Map.of("fabricated_citation", fabricated, "not_found", 2.0, "mismatch", 1.0), List.of());
    }

    static ScorerResult watermark(boolean detected) {
        return ScorerResults.ok("watermark", Map.of("detected", detected ? 1.0 : 0.0, "z_score", detected ? 6.5 : 0.3), List.of());
    }

    static final ScorerResult NO_CITATIONS = ScorerResults.skipped("citations", "no references");
    static final ScorerResult NO_TOKENS = ScorerResults.skipped("watermark", "no tokens");

    static List<String> codes(DecisionPolicy.Outcome o) {
        return o.reasons().stream().map(Reason::getCode).toList();
    }

    /** The built-in scorers' results, as the merge hands them over (in registry order). */
    DecisionPolicy.Outcome decide(String tenant, ScorerResult toxicity, ScorerResult citations, ScorerResult watermark) {
        Map<String, ScorerResult> results = new LinkedHashMap<>();
        results.put("toxicity", toxicity);
        results.put("citations", citations);
        results.put("watermark", watermark);
        return policy.decide(tenant, results);
    }

    @Test
    void toxicityReviewsAtTheReviewThresholdAndBlocksAtTheBlockThreshold() {
        assertThat(decide("t", toxicity(0.49), NO_CITATIONS, NO_TOKENS).decision()).isEqualTo(Decision.ALLOW);
        DecisionPolicy.Outcome review = decide("t", toxicity(0.5), NO_CITATIONS, NO_TOKENS);
        assertThat(review.decision()).isEqualTo(Decision.REVIEW);
        assertThat(codes(review)).containsExactly(ToxicityPlugin.Reason.TOXICITY_REVIEW.name());
        assertThat(review.reasons().get(0).getText()).contains("toxicity 0.50").contains("highest attribute insult 0.25");
        DecisionPolicy.Outcome block = decide("t", toxicity(0.85), NO_CITATIONS, NO_TOKENS);
        assertThat(block.decision()).isEqualTo(Decision.BLOCK);
        assertThat(codes(block)).containsExactly(ToxicityPlugin.Reason.TOXICITY_BLOCK.name());
    }

    @Test
    void aTenantsOwnThresholdsApply() {
        assertThat(decide("kids", toxicity(0.3), NO_CITATIONS, NO_TOKENS).decision()).isEqualTo(Decision.REVIEW);
        assertThat(decide("kids", toxicity(0.6), NO_CITATIONS, NO_TOKENS).decision()).isEqualTo(Decision.BLOCK);
        assertThat(decide("someone-else", toxicity(0.6), NO_CITATIONS, NO_TOKENS).decision()).isEqualTo(Decision.REVIEW);
    }

    @Test
    void fabricatedCitationsReviewThenBlock() {
        assertThat(decide("t", toxicity(0), citations(0.49), NO_TOKENS).decision()).isEqualTo(Decision.ALLOW);
        DecisionPolicy.Outcome review = decide("t", toxicity(0), citations(0.5), NO_TOKENS);
        assertThat(review.decision()).isEqualTo(Decision.REVIEW);
        assertThat(codes(review)).containsExactly(CitationsPlugin.Reason.FABRICATED_CITATION.name());
        assertThat(review.reasons().get(0).getText()).contains("2 not found, 1 mismatched");
        assertThat(decide("t", toxicity(0), citations(0.95), NO_TOKENS).decision()).isEqualTo(Decision.BLOCK);
    }

    @Test
    void aDetectedWatermarkDoesWhatTheTenantsActionSays() {
        assertThat(decide("t", toxicity(0), NO_CITATIONS, watermark(false)).decision()).isEqualTo(Decision.ALLOW);
        DecisionPolicy.Outcome byDefault = decide("t", toxicity(0), NO_CITATIONS, watermark(true));
        assertThat(byDefault.decision()).isEqualTo(Decision.REVIEW);
        assertThat(codes(byDefault)).containsExactly(WatermarkPlugin.Reason.WATERMARK_DETECTED.name());
        assertThat(byDefault.reasons().get(0).getText()).contains("z = 6.50");
        assertThat(decide("kids", toxicity(0), NO_CITATIONS, watermark(true)).decision()).isEqualTo(Decision.BLOCK);
        DecisionPolicy.Outcome reportOnly = decide("lenient", toxicity(0), NO_CITATIONS, watermark(true));
        assertThat(reportOnly.decision()).isEqualTo(Decision.ALLOW);
        assertThat(codes(reportOnly)).containsExactly(WatermarkPlugin.Reason.WATERMARK_DETECTED.name());
    }

    @Test
    void degradedAndFailedScorersDoWhatTheDegradedActionSaysAndAreNotReadForScores() {
        ScorerResult degraded = ScorerResults.degraded("toxicity", "no answer within 30s");
        DecisionPolicy.Outcome o = decide("t", degraded, NO_CITATIONS, NO_TOKENS);
        assertThat(o.decision()).isEqualTo(Decision.REVIEW);
        assertThat(codes(o)).containsExactly(ReasonCode.SCORER_DEGRADED.name());
        assertThat(o.reasons().get(0).getText()).contains("no answer within 30s");
        ScorerResult failed = ScorerResults.error("citations", "index unreadable");
        assertThat(codes(decide("t", toxicity(0), failed, NO_TOKENS))).containsExactly(ReasonCode.SCORER_ERROR.name());
        assertThat(decide("kids", degraded, NO_CITATIONS, NO_TOKENS).decision()).isEqualTo(Decision.BLOCK);
        assertThat(decide("lenient", degraded, NO_CITATIONS, NO_TOKENS).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void theMostSevereRuleWinsAndEveryReasonIsKept() {
        DecisionPolicy.Outcome o = decide("t", toxicity(0.6), citations(0.99), watermark(true));
        assertThat(o.decision()).isEqualTo(Decision.BLOCK);
        assertThat(codes(o)).containsExactly(ToxicityPlugin.Reason.TOXICITY_REVIEW.name(), CitationsPlugin.Reason.FABRICATED_CITATION.name(),
                WatermarkPlugin.Reason.WATERMARK_DETECTED.name());
    }
}
