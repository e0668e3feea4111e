package io.moderationstream.scoring;

import io.moderationstream.avro.Evidence;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.avro.ScorerStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small constructors for {@link ScorerResult}s, so that scorers and the merge build them the same way. */
public final class ScorerResults {
    private ScorerResults() {}

    public static ScorerResult ok(String scorer, Map<String, Double> scores, List<Evidence> evidence) {
        return build(scorer, ScorerStatus.OK, scores, evidence, null);
    }

    public static ScorerResult skipped(String scorer, String why) {
        return build(scorer, ScorerStatus.SKIPPED, new LinkedHashMap<>(), new ArrayList<>(), why);
    }

    public static ScorerResult error(String scorer, String why) {
        return build(scorer, ScorerStatus.ERROR, new LinkedHashMap<>(), new ArrayList<>(), why);
    }

    public static ScorerResult degraded(String scorer, String why) {
        return build(scorer, ScorerStatus.DEGRADED, new LinkedHashMap<>(), new ArrayList<>(), why);
    }

    public static ScorerResult build(String scorer, ScorerStatus status, Map<String, Double> scores,
                                     List<Evidence> evidence, String message) {
        return ScorerResult.newBuilder()
                .setScorer(scorer)
                .setStatus(status)
                .setScores(scores)
                .setEvidence(evidence)
                .setMessage(message)
                .setLatencyMs(0.0)
                .build();
    }

    public static Evidence evidence(String kind, Integer begin, Integer end, String text, Map<String, String> attributes) {
        return Evidence.newBuilder().setKind(kind).setBegin(begin).setEnd(end).setText(text)
                .setAttributes(attributes == null ? new LinkedHashMap<>() : attributes).build();
    }

    /** A failure as an ERROR result's message: the exception's type and message, never its stack trace. */
    public static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
