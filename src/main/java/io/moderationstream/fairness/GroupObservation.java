package io.moderationstream.fairness;

import io.moderationstream.avro.Decision;

/**
 * An {@link Observation} attributed to one group of one dimension (an event contributes to each of its groups).
 * Flat on purpose: this is what crosses the network to the window operators, so it carries scalars only (Flink's
 * POJO serializer) and not the event's group map.
 */
public class GroupObservation {
    /** The window key, and the only place the group's identity travels. */
    public GroupKey key;
    public Observation.Kind kind;
    public Decision decision;
    public boolean flagged;
    public int flaggedBy;
    public int scoredBy;
    public boolean degraded;
    public double score = -1;
    public boolean labelToxic;
    public int weight = 1;

    public GroupObservation() {}

    public static GroupObservation of(GroupKey key, Observation o) {
        GroupObservation g = new GroupObservation();
        g.key = key;
        g.kind = o.kind;
        g.decision = o.decision;
        g.flagged = o.flagged;
        g.flaggedBy = o.flaggedBy;
        g.scoredBy = o.scoredBy;
        g.degraded = o.degraded;
        g.score = o.score;
        g.labelToxic = o.labelToxic;
        g.weight = o.weight;
        return g;
    }
}
