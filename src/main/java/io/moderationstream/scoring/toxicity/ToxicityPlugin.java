package io.moderationstream.scoring.toxicity;

import io.moderationstream.avro.Decision;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.config.ConfigException;
import io.moderationstream.scoring.FairnessSignals;
import io.moderationstream.scoring.Finding;
import io.moderationstream.scoring.PolicyBlock;
import io.moderationstream.scoring.ScorerFactory;
import io.moderationstream.scoring.ScorerPlugin;

import java.util.List;
import java.util.Locale;

/** The toxicity scorer as a plug-in: a fine-tuned transformer (or a lighter engine) over sentences and the whole text. */
public final class ToxicityPlugin implements ScorerPlugin<ToxicityScorerConfig, ToxicityPlugin.Policy> {
    private static final long serialVersionUID = 1L;
    public static final String ID = "toxicity";

    /** Why a verdict is flagged for toxicity. */
    public enum Reason { TOXICITY_BLOCK, TOXICITY_REVIEW }

    /** {@code policy.defaults.toxicity_review} / {@code toxicity_block}: thresholds on the {@code toxicity} score. */
    public static final class Policy implements PolicyBlock {
        private static final long serialVersionUID = 1L;
        public double toxicityReview = 0.5;
        public double toxicityBlock = 0.85;

        @Override
        public void validate(String key) {
            PolicyBlock.requireProbability(key + ".toxicity_review", toxicityReview);
            PolicyBlock.requireProbability(key + ".toxicity_block", toxicityBlock);
            if (toxicityReview > toxicityBlock) {
                throw new ConfigException(key + ".toxicity_review (" + toxicityReview + ") is above toxicity_block ("
                        + toxicityBlock + "); review must come first");
            }
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public Class<ToxicityScorerConfig> optionsType() {
        return ToxicityScorerConfig.class;
    }

    @Override
    public ScorerFactory factory(ToxicityScorerConfig options) {
        return () -> new ToxicityScorer(model(options), options.includePrompt, options.maxSentences, options.textScoring);
    }

    /** The configured engine's model (also what the offline commands score with). */
    public static ToxicityModel model(ToxicityScorerConfig cfg) throws Exception {
        return switch (cfg.engine) {
            case FINETUNED -> FineTunedToxicityModel.create(cfg);
            case ONNX -> OnnxToxicityModel.create(cfg);
            case ONNX_CLASSIFIER -> HuggingFaceClassifierModel.create(cfg);
            case LEXICON -> new LexiconToxicityModel();
        };
    }

    @Override
    public Class<Policy> policyType() {
        return Policy.class;
    }

    @Override
    public List<Finding> decide(ScorerResult result, Policy t) {
        double tox = result.getScores().getOrDefault("toxicity", 0.0);
        if (tox >= t.toxicityBlock) {
            return List.of(new Finding(Reason.TOXICITY_BLOCK, Decision.BLOCK, String.format(Locale.ROOT,
                    "toxicity %.2f ≥ block threshold %.2f%s", tox, t.toxicityBlock, topAttribute(result))));
        }
        if (tox >= t.toxicityReview) {
            return List.of(new Finding(Reason.TOXICITY_REVIEW, Decision.REVIEW, String.format(Locale.ROOT,
                    "toxicity %.2f ≥ review threshold %.2f%s", tox, t.toxicityReview, topAttribute(result))));
        }
        return List.of();
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

    @Override
    public List<Reason> reasonCodes() {
        return List.of(Reason.values());
    }

    @Override
    public FairnessSignals fairness() {
        return new FairnessSignals("toxic_flagged", null, null, "toxicity");
    }
}
