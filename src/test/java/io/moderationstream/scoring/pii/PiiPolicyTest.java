package io.moderationstream.scoring.pii;

import io.moderationstream.avro.Decision;
import io.moderationstream.avro.Reason;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.config.ConfigException;
import io.moderationstream.config.ConfigLoader;
import io.moderationstream.config.JobConfig;
import io.moderationstream.verdict.DecisionPolicy;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policy's actions per type and tenant, the redacted completion, and what a verdict may show of a value. */
class PiiPolicyTest {
    static final String TEXT = "Reach me at jane.doe@example.com or +44 20 7946 0958; my card is 4111 1111 1111 1111.";
    private static final PiiScorer SCORER = new PiiScorer(new PiiScorerConfig());

    static DecisionPolicy policy(String... overrides) throws Exception {
        return new DecisionPolicy(new ConfigLoader().defaults(List.of(overrides)).policy);
    }

    static DecisionPolicy.Outcome decide(DecisionPolicy policy, String tenant, ScorerResult pii) {
        return policy.decide(tenant, Map.of(PiiPlugin.ID, pii));
    }

    @Test
    void byDefaultCardsAndSecretsGoToReviewAndTheRestIsReportedOnly() throws Exception {
        ScorerResult result = SCORER.score(TEXT, "t");
        assertThat(result.getScores()).containsKeys("email_address", "phone_number", "credit_card").containsEntry("entities", 3.0);
        DecisionPolicy.Outcome o = decide(policy(), "t", result);
        assertThat(o.decision()).isEqualTo(Decision.REVIEW);
        assertThat(o.reasons()).singleElement().satisfies(r -> {
            assertThat(r.getCode()).isEqualTo(PiiPlugin.Reason.PII_REVIEW.name());
            assertThat(r.getScorer()).isEqualTo("pii");
            assertThat(r.getText()).contains("CREDIT_CARD **** **** **** 1111").doesNotContain("4111 1111 1111 1111");
        });
        assertThat(o.redactedCompletion()).isNull();
    }

    @Test
    void aTenantCanBlockRedactOrRaiseTheMinimumScore() throws Exception {
        DecisionPolicy policy = policy("policy.tenants.kids.pii={CREDIT_CARD: {action: BLOCK}, EMAIL_ADDRESS: {action: REDACT}}",
                "policy.tenants.strict.pii={CREDIT_CARD: {action: BLOCK, min_score: 0.99}}");
        ScorerResult result = SCORER.score(TEXT, "kids");
        DecisionPolicy.Outcome kids = decide(policy, "kids", result);
        assertThat(kids.decision()).isEqualTo(Decision.BLOCK);
        assertThat(kids.reasons()).extracting(Reason::getCode)
                .containsExactly(PiiPlugin.Reason.PII_BLOCK.name(), PiiPlugin.Reason.PII_REDACTED.name());
        assertThat(kids.redactedCompletion()).isEqualTo("Reach me at <EMAIL_ADDRESS> or <PHONE_NUMBER>; my card is <CREDIT_CARD>.");
        // The card scores 0.8 without a card word before it ... and 1.0 with one ("my card is"): under 0.99 it passes.
        DecisionPolicy.Outcome strict = decide(policy, "strict", SCORER.score("Number 4111 1111 1111 1111 again", "strict"));
        assertThat(strict.decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void theLocalJobsKidsTenantBlocksCardsAndRedactsContactDetails() throws Exception {
        JobConfig local = new ConfigLoader().load(Path.of("jobs/local.yaml"), List.of());
        DecisionPolicy.Outcome o = new DecisionPolicy(local.policy).decide("kids-platform", Map.of("pii", SCORER.score(TEXT, "kids-platform")));
        assertThat(o.decision()).isEqualTo(Decision.BLOCK);
        assertThat(o.redactedCompletion()).doesNotContain("jane.doe").doesNotContain("7946");
    }

    @Test
    void policyMistakesAreOneLine() {
        assertThatThrownBy(() -> policy("policy.defaults.pii={CREDIT_CARD: {action: REDCT}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("policy.defaults.pii").hasMessageContaining("REDACT");
        assertThatThrownBy(() -> policy("policy.defaults.pii={CREDIT_CARD: {min_score: 2}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("policy.defaults.pii.CREDIT_CARD.min_score is 2.0");
        assertThatThrownBy(() -> policy("policy.defaults.pii={CREDIT_CRAD: {action: BLOCK}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CREDIT_CRAD");
    }

    @Test
    void theVerdictPublishesEvidenceWithMaskedPreviewsAndNoRedactedCopy() {
        ScorerResult result = SCORER.score(TEXT, "t");
        ScorerResult published = new PiiPlugin().published(result);
        assertThat(published.getEvidence()).extracting(e -> e.getKind().toString()).containsOnly("pii");
        assertThat(published.getEvidence()).extracting(e -> e.getText().toString())
                .containsExactly("j***@e***.com", "+** ** **** **58", "**** **** **** 1111");
        assertThat(new PiiPlugin().sensitiveSpans(result)).extracting(s -> TEXT.substring(s.begin(), s.end()))
                .containsExactly("jane.doe@example.com", "+44 20 7946 0958", "4111 1111 1111 1111");
    }

    @Test
    void previewsShowTheKindNeverTheValue() {
        assertThat(Masking.preview(PiiType.IBAN_CODE, "DE89 3704 0044 0532 0130 00")).isEqualTo("DE****************3000");
        assertThat(Masking.preview(PiiType.US_SSN, "536-22-8726")).isEqualTo("***-**-****");
        assertThat(Masking.preview(PiiType.SECRET, "AKIAZ7VRSQ5TJN2XMY6K")).isEqualTo("****************");
        assertThat(Masking.preview(PiiType.IP_ADDRESS, "203.0.113.42")).isEqualTo("203.*.***.**");
        assertThat(Masking.preview(PiiType.CRYPTO_WALLET, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2")).isEqualTo("1Bv***VN2");
    }
}
