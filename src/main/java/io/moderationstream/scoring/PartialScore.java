package io.moderationstream.scoring;

import io.moderationstream.avro.ScorerResult;

/** One branch's answer for one event, on its way to the verdict merge. */
public class PartialScore {
    public String eventId;
    public ScorerResult result;

    public PartialScore() {}

    public PartialScore(String eventId, ScorerResult result) {
        this.eventId = eventId;
        this.result = result;
    }
}
