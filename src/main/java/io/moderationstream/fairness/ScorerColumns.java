package io.moderationstream.fairness;

import io.moderationstream.avro.FairnessStats;
import io.moderationstream.scoring.FairnessSignals;
import io.moderationstream.scoring.ScorerPlugin;
import io.moderationstream.scoring.ScorerRegistry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scorers' columns of a fairness row: {@code flagged_by} and {@code scored_by} for every registered scorer, and
 * the per-scorer fields older readers know ({@link FairnessSignals}), written by name so that no scorer is named here.
 */
public final class ScorerColumns {
    private ScorerColumns() {}

    public static void fill(FairnessStats row, GroupCounts c) {
        ScorerRegistry registry = ScorerRegistry.get();
        List<ScorerPlugin<?, ?>> plugins = registry.plugins();
        Map<String, Long> flagged = new LinkedHashMap<>();
        Map<String, Long> scored = new LinkedHashMap<>();
        for (int i = 0; i < plugins.size(); i++) {
            ScorerPlugin<?, ?> p = plugins.get(i);
            flagged.put(p.id(), c.flaggedBy[i]);
            scored.put(p.id(), c.scoredBy[i]);
            FairnessSignals legacy = p.fairness();
            put(row, legacy.flaggedField(), c.flaggedBy[i]);
            put(row, legacy.scoredField(), c.scoredBy[i]);
            put(row, legacy.rateField(), c.scoredBy[i] > 0 ? (double) c.flaggedBy[i] / c.scoredBy[i] : null);
        }
        row.setFlaggedBy(flagged);
        row.setScoredBy(scored);
        ScorerPlugin<?, ?> distribution = registry.distributionScorer();
        if (distribution != null) {
            String prefix = distribution.id();
            put(row, prefix + "_mean", c.scoreCount > 0 ? c.scoreSum / c.scoreCount : null);
            put(row, prefix + "_p50", c.scoreQuantile(0.5));
            put(row, prefix + "_p90", c.scoreQuantile(0.9));
            put(row, prefix + "_p99", c.scoreQuantile(0.99));
        }
    }

    private static void put(FairnessStats row, String field, Object value) {
        if (field != null && row.getSchema().getField(field) != null) {
            row.put(field, value);
        }
    }

    /** A scorer's flagged count in a row: {@code flagged_by}, or its per-scorer field in rows written before that map. */
    public static long flagged(FairnessStats row, ScorerPlugin<?, ?> p) {
        Long n = row.getFlaggedBy().get(p.id());
        return n != null ? n : legacy(row, p.fairness().flaggedField());
    }

    /** A scorer's scored count in a row (see {@link #flagged}). */
    public static long scored(FairnessStats row, ScorerPlugin<?, ?> p) {
        Long n = row.getScoredBy().get(p.id());
        return n != null ? n : legacy(row, p.fairness().scoredField());
    }

    private static long legacy(FairnessStats row, String field) {
        return field != null && row.getSchema().getField(field) != null && row.get(field) instanceof Long n ? n : 0L;
    }
}
