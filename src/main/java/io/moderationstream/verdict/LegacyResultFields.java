package io.moderationstream.verdict;

import io.moderationstream.avro.ScorerResult;
import io.moderationstream.avro.Verdict;
import io.moderationstream.scoring.ScorerResults;
import org.apache.avro.Schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verdict's per-scorer fields from before {@code results} (one {@code ScorerResult} field per built-in scorer,
 * named by its id), still filled for one release because SQL and Parquet readers select them. Found from the schema,
 * so no scorer is named here; a field whose scorer is disabled holds a SKIPPED result, as it always did.
 */
public final class LegacyResultFields {
    private static final List<String> FIELDS = Verdict.getClassSchema().getFields().stream()
            .filter(f -> f.schema().getType() == Schema.Type.RECORD && f.schema().getFullName().equals(ScorerResult.getClassSchema().getFullName()))
            .map(Schema.Field::name)
            .toList();

    private LegacyResultFields() {}

    /**
     * A verdict's results by scorer id: its {@code results} map, or, for a verdict written before that map existed,
     * its per-scorer fields.
     */
    public static Map<String, ScorerResult> results(Verdict verdict) {
        if (verdict.getResults() != null && !verdict.getResults().isEmpty()) {
            return verdict.getResults();
        }
        Map<String, ScorerResult> legacy = new LinkedHashMap<>();
        for (String id : FIELDS) {
            if (verdict.get(id) instanceof ScorerResult r) {
                legacy.put(id, r);
            }
        }
        return legacy;
    }

    public static void fill(Verdict verdict) {
        for (String id : FIELDS) {
            ScorerResult r = verdict.getResults().get(id);
            verdict.put(id, r != null ? r : ScorerResults.skipped(id, "scorer disabled in the job config"));
        }
    }
}
