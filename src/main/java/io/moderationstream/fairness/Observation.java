package io.moderationstream.fairness;

import io.moderationstream.avro.Decision;

import java.util.HashMap;
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
    /** The event's producer metadata, for slices that condition on metadata.&lt;key&gt;. */
    public Map<String, String> metadata = new HashMap<>();
    public Decision decision;
    public boolean flagged;
    public boolean toxicFlagged;
    public boolean citationFlagged;
    public boolean watermarkFlagged;
    /** The citation scorer found references to check (its status is OK). */
    public boolean citing;
    /** The watermark test ran (enough tokens; its status is OK). */
    public boolean watermarkScored;
    /** A scorer's answer is missing (DEGRADED) or failed (ERROR). */
    public boolean degraded;
    /** Toxicity score, or -1 when the toxicity scorer gave none. */
    public double toxicity = -1;
    /** For LABEL: the ground truth of the `toxic` label. */
    public boolean labelToxic;
    public int weight = 1;

    public Observation() {}

    public Observation copy() {
        Observation o = new Observation();
        o.kind = kind;
        o.eventId = eventId;
        o.eventTime = eventTime;
        o.tenantId = tenantId;
        o.modelId = modelId;
        o.groups = groups;
        o.metadata = metadata;
        o.decision = decision;
        o.flagged = flagged;
        o.toxicFlagged = toxicFlagged;
        o.citationFlagged = citationFlagged;
        o.watermarkFlagged = watermarkFlagged;
        o.citing = citing;
        o.watermarkScored = watermarkScored;
        o.degraded = degraded;
        o.toxicity = toxicity;
        o.labelToxic = labelToxic;
        o.weight = weight;
        return o;
    }
}
