package io.moderationstream.fairness;

import io.moderationstream.avro.Decision;
import io.moderationstream.avro.Reason;
import io.moderationstream.avro.ScorerStatus;
import io.moderationstream.avro.Verdict;
import io.moderationstream.verdict.ReasonCode;

import java.util.HashMap;

/**
 * The one mapping from a verdict (and its ground truth) to fairness observations, used by the stream
 * ({@link LabelJoin}) and by {@code fairness report}, so both count exactly the same things.
 */
public final class Observations {
    private Observations() {}

    /** The VERDICT observation of a verdict: its decision, and which scorers flagged it (from the reason codes). */
    public static Observation ofVerdict(Verdict v) {
        Observation o = new Observation();
        o.kind = Observation.Kind.VERDICT;
        o.eventId = v.getEventId();
        o.eventTime = v.getCreatedAt().toEpochMilli();
        o.tenantId = v.getTenantId();
        o.modelId = v.getModelId();
        o.groups = new HashMap<>(v.getGroups());
        o.metadata = new HashMap<>(v.getMetadata());
        o.decision = v.getDecision();
        o.flagged = v.getDecision() != Decision.ALLOW;
        for (Reason r : v.getReasons()) {
            ReasonCode code = ReasonCode.parse(r.getCode());
            if (code == null || code.flaggedBy() == null) {
                continue;
            }
            switch (code.flaggedBy()) {
                case TOXICITY -> o.toxicFlagged = true;
                case CITATIONS -> o.citationFlagged = true;
                case WATERMARK -> o.watermarkFlagged = true;
            }
        }
        o.citing = v.getCitations().getStatus() == ScorerStatus.OK;
        o.watermarkScored = v.getWatermark().getStatus() == ScorerStatus.OK;
        for (var result : java.util.List.of(v.getToxicity(), v.getCitations(), v.getWatermark())) {
            o.degraded |= result.getStatus() == ScorerStatus.DEGRADED || result.getStatus() == ScorerStatus.ERROR;
        }
        if (v.getToxicity().getStatus() == ScorerStatus.OK) {
            o.toxicity = v.getToxicity().getScores().getOrDefault("toxicity", -1.0);
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
