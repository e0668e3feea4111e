package io.moderationstream.fairness.slices;

import io.moderationstream.avro.SliceCondition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A conjunction of equality conditions on a verdict's attributes, named as slice definitions name them:
 * {@code groups.<dimension>}, {@code tenant_id}, {@code model_id}. Conditions are kept sorted by field, so one slice
 * has one identity whatever order it was built in; a structured key, never a joined string.
 */
public record Slice(List<Condition> conditions) {
    public record Condition(String field, String value) {
        /** The name in {@code fairness discover}'s output: the dimension for a group, else the field. */
        public String name() {
            return field.startsWith(SlicePredicates.GROUPS) ? field.substring(SlicePredicates.GROUPS.length()) : field;
        }
    }

    private static final Comparator<Condition> ORDER = Comparator.comparing(Condition::field).thenComparing(Condition::value);

    public Slice {
        if (!isSorted(conditions)) {
            List<Condition> sorted = new ArrayList<>(conditions);
            sorted.sort(ORDER);
            conditions = sorted;
        }
        conditions = List.copyOf(conditions); // no copy when it is immutable already
    }

    private static boolean isSorted(List<Condition> conditions) {
        for (int i = 1; i < conditions.size(); i++) {
            if (ORDER.compare(conditions.get(i - 1), conditions.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    public int order() {
        return conditions.size();
    }

    /** The slice as {@code fairness discover} names it: dimension or field → value. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        conditions.forEach(c -> m.put(c.name(), c.value()));
        return m;
    }

    /** The slice as a {@code SliceDefinition} predicate (one value per field). */
    public List<SliceCondition> toPredicate() {
        List<SliceCondition> predicate = new ArrayList<>(conditions.size());
        conditions.forEach(c -> predicate.add(SliceCondition.newBuilder().setField(c.field()).setValues(List.of(c.value())).build()));
        return predicate;
    }

    /** A display name, {@code groups.dialect=aae & tenant_id=t1}; the structure is in {@link #conditions}. */
    public String displayName() {
        StringBuilder b = new StringBuilder();
        for (Condition c : conditions) {
            b.append(b.isEmpty() ? "" : " & ").append(c.field()).append('=').append(c.value());
        }
        return b.toString();
    }
}
