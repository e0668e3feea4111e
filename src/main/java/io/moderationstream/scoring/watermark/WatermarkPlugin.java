package io.moderationstream.scoring.watermark;

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

/** The green-list watermark detector as a plug-in. */
public final class WatermarkPlugin implements ScorerPlugin<WatermarkScorerConfig, WatermarkPlugin.Policy> {
    private static final long serialVersionUID = 1L;
    public static final String ID = "watermark";

    /** Why a verdict is flagged for a watermark. */
    public enum Reason { WATERMARK_DETECTED }

    /** {@code policy.defaults.watermark_action}: what a detected watermark does (ALLOW reports it only). */
    public static final class Policy implements PolicyBlock {
        private static final long serialVersionUID = 1L;
        public Decision watermarkAction = Decision.REVIEW;

        @Override
        public void validate(String key) {
            if (watermarkAction == null) {
                throw new ConfigException(key + ".watermark_action must be ALLOW, REVIEW or BLOCK");
            }
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public Class<WatermarkScorerConfig> optionsType() {
        return WatermarkScorerConfig.class;
    }

    @Override
    public ScorerFactory factory(WatermarkScorerConfig options) {
        return () -> new WatermarkScorer(options);
    }

    @Override
    public Class<Policy> policyType() {
        return Policy.class;
    }

    @Override
    public List<Finding> decide(ScorerResult watermark, Policy t) {
        if (watermark.getScores().getOrDefault("detected", 0.0) < 1.0) {
            return List.of();
        }
        return List.of(new Finding(Reason.WATERMARK_DETECTED, t.watermarkAction, String.format(Locale.ROOT,
                "green-list watermark detected (z = %.2f)", watermark.getScores().getOrDefault("z_score", Double.NaN))));
    }

    @Override
    public List<Reason> reasonCodes() {
        return List.of(Reason.values());
    }

    @Override
    public FairnessSignals fairness() {
        return new FairnessSignals("watermark_flagged", "watermark_scored", "watermark_rate", null);
    }
}
