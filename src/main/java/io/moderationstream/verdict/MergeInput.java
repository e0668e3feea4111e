package io.moderationstream.verdict;

import io.moderationstream.avro.ScorerResult;
import io.moderationstream.scoring.PartialScore;

/** The merge's single input type: either the event's metadata or one scorer's partial result. */
public class MergeInput {
    public String eventId;
    public EventMeta meta;
    public ScorerResult partial;

    public MergeInput() {}

    public static MergeInput meta(EventMeta meta) {
        MergeInput in = new MergeInput();
        in.eventId = meta.eventId;
        in.meta = meta;
        return in;
    }

    public static MergeInput partial(PartialScore score) {
        MergeInput in = new MergeInput();
        in.eventId = score.eventId;
        in.partial = score.result;
        return in;
    }
}
