package io.moderationstream.fairness;

/** An {@link Observation} attributed to one group of one dimension (an event contributes to each of its groups). */
public class GroupObservation {
    /** dimension|group|tenant|model: the window key. */
    public String key;
    public String dimension;
    public String group;
    public String tenantId;
    public String modelId;
    public Observation observation;

    public GroupObservation() {}
}
