package io.moderationstream.fairness.slices;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A conjunction of equality conditions on a verdict's attributes: a group dimension ({@code gender}), or the fields
 * {@code tenant_id} and {@code model_id}. Conditions are kept sorted by attribute, so one slice has one identity
 * whatever order it was built in; a structured key, never a joined string.
 */
public record Slice(List<Condition> conditions) {
    public record Condition(String attribute, String value) {}

    private static final Comparator<Condition> ORDER = Comparator.comparing(Condition::attribute).thenComparing(Condition::value);

    public Slice {
        List<Condition> sorted = new ArrayList<>(conditions);
        sorted.sort(ORDER);
        conditions = List.copyOf(sorted);
    }

    public int order() {
        return conditions.size();
    }

    /** The slice as the output names it: attribute → value. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        conditions.forEach(c -> m.put(c.attribute(), c.value()));
        return m;
    }
}
