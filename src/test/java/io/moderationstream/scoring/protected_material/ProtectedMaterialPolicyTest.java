package io.moderationstream.scoring.protected_material;

import io.moderationstream.avro.Decision;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.config.ConfigException;
import io.moderationstream.config.ConfigLoader;
import io.moderationstream.scoring.ScorerResults;
import io.moderationstream.verdict.DecisionPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** protected_review and protected_block per tenant, the reasons they give, and one-line mistakes. */
class ProtectedMaterialPolicyTest {

    static DecisionPolicy policy(String... overrides) throws Exception {
        return new DecisionPolicy(new ConfigLoader().defaults(List.of(overrides)).policy);
    }

    /** A result as the scorer writes it: one copy of {@code longest} characters covering {@code coverage}. */
    static ScorerResult result(double coverage, int longest) {
        if (longest == 0) {
            return ScorerResults.ok(ProtectedMaterialPlugin.ID, Map.of("coverage", 0.0, "longest_match_chars", 0.0, "matches", 0.0), List.of());
        }
        return ScorerResults.ok(ProtectedMaterialPlugin.ID,
                Map.of("coverage", coverage, "longest_match_chars", (double) longest, "matches", 1.0),
                List.of(ScorerResults.evidence("protected_match", 10, 10 + longest, "...", Map.of("source_id", "jungle-book",
                        "title", "The Jungle Book", "kind", "VERBATIM", "chars", Integer.toString(longest)))));
    }

    static DecisionPolicy.Outcome decide(DecisionPolicy policy, String tenant, ScorerResult r) {
        return policy.decide(tenant, Map.of(ProtectedMaterialPlugin.ID, r));
    }

    @Test
    void byDefaultACopyIsReviewedAndAMostlyCopiedAnswerBlocked() throws Exception {
        DecisionPolicy p = policy();
        assertThat(decide(p, "t", result(0, 0)).decision()).isEqualTo(Decision.ALLOW);
        DecisionPolicy.Outcome review = decide(p, "t", result(0.2, 120));
        assertThat(review.decision()).isEqualTo(Decision.REVIEW);
        assertThat(review.reasons()).singleElement().satisfies(r -> {
            assertThat(r.getCode()).isEqualTo(ProtectedMaterialPlugin.Reason.PROTECTED_REVIEW.name());
            assertThat(r.getScorer()).isEqualTo(ProtectedMaterialPlugin.ID);
            assertThat(r.getText()).contains("20% of the text").contains("~120 characters").contains("'The Jungle Book' (jungle-book)")
                    .contains("at 10–130");
        });
        assertThat(decide(p, "t", result(0.7, 400)).reasons()).singleElement()
                .satisfies(r -> assertThat(r.getCode()).isEqualTo(ProtectedMaterialPlugin.Reason.PROTECTED_BLOCK.name()));
        assertThat(decide(p, "t", result(0.1, 1200)).decision()).isEqualTo(Decision.BLOCK);
    }

    @Test
    void aTenantCanTolerateQuotationsOrBlockEveryCopy() throws Exception {
        DecisionPolicy p = policy("policy.tenants.publisher.protected_block={coverage: 0.0, longest_match_chars: 50}",
                "policy.tenants.forum.protected_review={coverage: 0.3, longest_match_chars: 300}");
        assertThat(decide(p, "publisher", result(0.1, 60)).decision()).isEqualTo(Decision.BLOCK);
        assertThat(decide(p, "forum", result(0.1, 120)).decision()).isEqualTo(Decision.ALLOW);
        assertThat(decide(p, "forum", result(0.4, 120)).decision()).isEqualTo(Decision.REVIEW);
        assertThat(decide(p, "someone-else", result(0.1, 120)).decision()).isEqualTo(Decision.REVIEW);
    }

    @Test
    void policyMistakesAreOneLine() {
        assertThatThrownBy(() -> policy("policy.defaults.protected_review={coverage: 2, longest_match_chars: 50}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("protected_review.coverage is 2.0");
        assertThatThrownBy(() -> policy("policy.defaults.protected_block={coverage: 0.5, longest_match_chars: -1}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("protected_block.longest_match_chars is -1");
        assertThatThrownBy(() -> policy("policy.defaults.protected_reveiw={coverage: 0.5}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("protected_reveiw");
    }

    @Test
    void theBranchRunsWhereAnIndexIsConfiguredAndSaysWhatToFixOtherwise() throws Exception {
        var registry = io.moderationstream.scoring.ScorerRegistry.get();
        assertThat(registry.factories(new ConfigLoader().defaults(List.of()))).doesNotContainKey(ProtectedMaterialPlugin.ID);
        assertThat(registry.factories(new ConfigLoader().defaults(List.of("scorers.protected_material.options.index_dir=/x"))))
                .containsKey(ProtectedMaterialPlugin.ID);
        for (String job : List.of("embedded", "local", "compose", "k8s")) {
            var config = new ConfigLoader(Map.of("KAFKA_SASL_PASSWORD", "x", "WATERMARK_HASHING_KEY", "1")).load(java.nio.file.Path.of("jobs/" + job + ".yaml"), List.of());
            assertThat(registry.enabled(config)).as(job).extracting(io.moderationstream.scoring.ScorerPlugin::id).contains(ProtectedMaterialPlugin.ID);
        }
        assertThatThrownBy(() -> registry.factories(new ConfigLoader().defaults(List.of("scorers.protected_material.enabled=true"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("index_dir is not set").hasMessageContaining("protected index");
    }
}
