package io.moderationstream.fairness;

import io.moderationstream.avro.Decision;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One contribution to the fairness statistics of an event's groups: a VERDICT counts the decision and scorer
 * flags; a LABEL adds (weight +1) or retracts (weight -1) a confusion-matrix cell when ground truth arrives or changes.
 */
public class Observation {
    public enum Kind { VERDICT, LABEL }

    public Kind kind;
    public String eventId;
    /** Event time of the verdict (the event's created_at), also for labels, so they land in the verdict's window. */
    public long eventTime;
    public String tenantId;
    public String modelId;
    public Map<String, String> groups = new HashMap<>();
    /** Dimensions derived from the text (fairness.derived): a text can be in several groups of one dimension. */
    public Map<String, List<String>> derivedGroups = new HashMap<>();
    /** The event's producer metadata, for slices that condition on metadata.&lt;key&gt;. */
    public Map<String, String> metadata = new HashMap<>();
    public Decision decision;
    public boolean flagged;
    /** The scorers that flagged the verdict (one of their reason codes), a bit per scorer ({@link io.moderationstream.scoring.ScorerRegistry#index}). */
    public int flaggedBy;
    /** The scorers that scored the event (status OK): the denominators of their flag rates. */
    public int scoredBy;
    /** A scorer's answer is missing (DEGRADED) or failed (ERROR). */
    public boolean degraded;
    /** The distribution score (the toxicity score today; {@link io.moderationstream.scoring.FairnessSignals}), or -1 without one. */
    public double score = -1;
    /** For LABEL: the ground truth of the `toxic` label. */
    public boolean labelToxic;
    public int weight = 1;

    public Observation() {}

    /**
     * Every group of every dimension, sorted by dimension: the event's own groups (one per dimension) and the derived
     * ones (any number), the event's winning where both name a dimension. What windows, slices and discovery count.
     */
    public Map<String, List<String>> groupValues() {
        Map<String, List<String>> all = new java.util.TreeMap<>();
        if (derivedGroups != null) {
            all.putAll(derivedGroups);
        }
        if (groups != null) {
            groups.forEach((dimension, group) -> all.put(dimension, List.of(group)));
        }
        return all;
    }

    /** The groups of one dimension, the event's own group first in precedence. */
    public List<String> groupValues(String dimension) {
        String own = groups == null ? null : groups.get(dimension);
        if (own != null) {
            return List.of(own);
        }
        return derivedGroups == null ? List.of() : derivedGroups.getOrDefault(dimension, List.of());
    }

    public Observation copy() {
        Observation o = new Observation();
        o.kind = kind;
        o.eventId = eventId;
        o.eventTime = eventTime;
        o.tenantId = tenantId;
        o.modelId = modelId;
        o.groups = groups;
        o.derivedGroups = derivedGroups;
        o.metadata = metadata;
        o.decision = decision;
        o.flagged = flagged;
        o.flaggedBy = flaggedBy;
        o.scoredBy = scoredBy;
        o.degraded = degraded;
        o.score = score;
        o.labelToxic = labelToxic;
        o.weight = weight;
        return o;
    }
}
