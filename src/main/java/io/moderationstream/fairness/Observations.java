package io.moderationstream.fairness;

import io.moderationstream.avro.Decision;
import io.moderationstream.avro.Reason;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.avro.ScorerStatus;
import io.moderationstream.avro.Verdict;
import io.moderationstream.scoring.ScorerPlugin;
import io.moderationstream.scoring.ScorerRegistry;
import io.moderationstream.verdict.LegacyResultFields;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one mapping from a verdict (and its ground truth) to fairness observations, used by the stream
 * ({@link LabelJoin}) and by {@code fairness report}, so both count exactly the same things.
 */
public final class Observations {
    private Observations() {}

    /** The VERDICT observation of a verdict: its decision, and which scorers flagged it (from the reason codes). */
    public static Observation ofVerdict(Verdict v) {
        ScorerRegistry registry = ScorerRegistry.get();
        Observation o = new Observation();
        o.kind = Observation.Kind.VERDICT;
        o.eventId = v.getEventId();
        o.eventTime = v.getCreatedAt().toEpochMilli();
        o.tenantId = v.getTenantId();
        o.modelId = v.getModelId();
        o.groups = new HashMap<>(v.getGroups());
        v.getDerivedGroups().forEach((dimension, values) -> o.derivedGroups.put(dimension, List.copyOf(values)));
        o.metadata = new HashMap<>(v.getMetadata());
        o.decision = v.getDecision();
        o.flagged = v.getDecision() != Decision.ALLOW;
        for (Reason r : v.getReasons()) {
            registry.scorerOfReasonCode(r.getCode()).ifPresent(id -> o.flaggedBy |= 1 << registry.index(id));
        }
        Map<String, ScorerResult> results = LegacyResultFields.results(v);
        for (Map.Entry<String, ScorerResult> e : results.entrySet()) {
            ScorerStatus status = e.getValue().getStatus();
            int index = registry.index(e.getKey());
            if (status == ScorerStatus.OK && index >= 0) {
                o.scoredBy |= 1 << index;
            }
            o.degraded |= status == ScorerStatus.DEGRADED || status == ScorerStatus.ERROR;
        }
        ScorerPlugin<?, ?> distribution = registry.distributionScorer();
        ScorerResult scored = distribution == null ? null : results.get(distribution.id());
        if (scored != null && scored.getStatus() == ScorerStatus.OK) {
            o.score = scored.getScores().getOrDefault(distribution.fairness().distributionScore(), -1.0);
        }
        return o;
    }

    /** A LABEL observation: adds (weight +1) or retracts (-1) the confusion-matrix cell of this verdict and label. */
    public static Observation ofLabel(Observation verdict, boolean toxic, int weight) {
        Observation o = verdict.copy();
        o.kind = Observation.Kind.LABEL;
        o.labelToxic = toxic;
        o.weight = weight;
        return o;
    }
}
