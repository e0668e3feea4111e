package io.moderationstream.fairness.slices;

import io.moderationstream.fairness.Observation;

/** A fairness observation in one of its windows (a sliding window assigns an event to several). */
public class WindowedObservation {
    public long windowStart;
    public long windowEnd;
    public Observation observation;

    public WindowedObservation() {}

    public WindowedObservation(long windowStart, long windowEnd, Observation observation) {
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.observation = observation;
    }
}
