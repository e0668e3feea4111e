package io.moderationstream.fairness.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.moderationstream.avro.Verdict;
import io.moderationstream.fairness.LabelJoin;
import io.moderationstream.fairness.Observation;
import io.moderationstream.fairness.Observations;
import io.moderationstream.io.AvroJson;
import io.moderationstream.io.JsonLinesFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Verdicts and labels as JSON lines (replay's files, a JSON topic dumped to a file), read for the offline tools. */
public final class VerdictFiles {
    private VerdictFiles() {}

    /** Each verdict's fairness observation, through the stream's own mapping; a bad line names its number. */
    public static List<Observation> observations(Path verdicts) throws IOException {
        List<Observation> out = new ArrayList<>();
        int line = 0;
        for (JsonNode json : JsonLinesFile.read(verdicts)) {
            line++;
            try {
                out.add(Observations.ofVerdict(AvroJson.fromJson(json, Verdict.class)));
            } catch (IllegalArgumentException e) {
                throw new IOException(verdicts + " line " + line + " is not a verdict: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * The toxic label that counts for each event, by the stream's rule: the latest {@code labelled_at}, on a tie the
     * later line (what the stream holds once its retractions are applied).
     */
    public static Map<String, Boolean> lastToxicLabels(Path labels) throws IOException {
        Map<String, LabelJoin.JudgedLabel> latest = new HashMap<>();
        for (JsonNode l : JsonLinesFile.read(labels)) {
            JsonNode value = l.path("labels").get(LabelJoin.TOXIC_LABEL);
            if (value == null || !value.isBoolean()) {
                continue;
            }
            LabelJoin.JudgedLabel judged = new LabelJoin.JudgedLabel(value.asBoolean(), labelledAt(l.path("labelled_at")));
            // The stream's own rule for which judgement counts.
            latest.merge(l.path("event_id").asText(), judged, (previous, next) -> next.supersedes(previous) ? next : previous);
        }
        Map<String, Boolean> toxic = new HashMap<>();
        latest.forEach((eventId, judged) -> toxic.put(eventId, judged.toxic));
        return toxic;
    }

    /** Epoch milliseconds or ISO-8601, as the label decoder accepts them; absent counts as oldest. */
    private static long labelledAt(JsonNode value) {
        if (value.isNumber()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            try {
                return java.time.Instant.parse(value.asText()).toEpochMilli();
            } catch (java.time.format.DateTimeParseException e) {
                return Long.MIN_VALUE;
            }
        }
        return Long.MIN_VALUE;
    }
}
