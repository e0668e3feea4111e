package io.moderationstream.fairness.slices;

import io.moderationstream.avro.SliceCondition;
import io.moderationstream.avro.SliceDefinition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** Validation of submitted slice definitions; {@link SliceMatcher} tests their predicates. */
public final class SlicePredicates {
    static final String GROUPS = "groups.";
    static final String METADATA = "metadata.";

    private SlicePredicates() {}

    /** What is wrong with a definition, one line each; empty when it can be evaluated. */
    public static List<String> problems(SliceDefinition d) {
        List<String> problems = new ArrayList<>();
        if (d.getSliceId() == null || d.getSliceId().isBlank()) {
            problems.add("slice_id is blank");
        } else if (d.getSliceId().length() > 256) {
            problems.add("slice_id is longer than 256 characters");
        }
        if (d.getSubmittedBy() == null || d.getSubmittedBy().isBlank()) {
            problems.add("submitted_by is blank");
        }
        if (!d.getRetired() && d.getPredicate().isEmpty()) {
            problems.add("predicate has no condition; the whole stream is not a slice");
        }
        if (d.getPredicate().size() > 8) {
            problems.add("predicate has more than 8 conditions");
        }
        var fields = new HashSet<String>();
        for (SliceCondition c : d.getPredicate()) {
            String field = c.getField();
            if (SliceMatcher.Field.parse(field).isEmpty()) {
                problems.add("predicate field '" + field + "' is not groups.<dimension>, metadata.<key>, tenant_id or model_id");
            }
            if (!fields.add(field)) {
                problems.add("predicate names " + field + " twice; list its values in one condition");
            }
            if (c.getValues().isEmpty()) {
                problems.add("predicate field " + field + " has no values");
            }
        }
        if (!d.getRetired() && d.getMetrics().isEmpty()) {
            problems.add("metrics is empty");
        }
        if (d.getMinSample() < 1) {
            problems.add("min_sample must be at least 1, is " + d.getMinSample());
        }
        return problems;
    }
}
