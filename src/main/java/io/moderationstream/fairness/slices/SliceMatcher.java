package io.moderationstream.fairness.slices;

import io.moderationstream.avro.SliceCondition;
import io.moderationstream.avro.SliceDefinition;
import io.moderationstream.fairness.Observation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tests a set of slice definitions against observations. Field names are resolved once: per observation each field
 * that some predicate names is read once, and each condition is then one set lookup; the stream's evaluator tests
 * every active slice on every record, so this is its hot path.
 */
public final class SliceMatcher {
    private enum Source { TENANT, MODEL, GROUPS, METADATA }

    /** A predicate's field: tenant_id, model_id, groups.&lt;dimension&gt; or metadata.&lt;key&gt;. */
    record Field(Source source, String key) {
        /** The field a name means, or empty when it names none (the one place that says which names are valid). */
        static Optional<Field> parse(String name) {
            if (name.equals("tenant_id")) {
                return Optional.of(new Field(Source.TENANT, name));
            }
            if (name.equals("model_id")) {
                return Optional.of(new Field(Source.MODEL, name));
            }
            if (name.startsWith(SlicePredicates.GROUPS) && name.length() > SlicePredicates.GROUPS.length()) {
                return Optional.of(new Field(Source.GROUPS, name.substring(SlicePredicates.GROUPS.length())));
            }
            if (name.startsWith(SlicePredicates.METADATA) && name.length() > SlicePredicates.METADATA.length()) {
                return Optional.of(new Field(Source.METADATA, name.substring(SlicePredicates.METADATA.length())));
            }
            return Optional.empty();
        }

        /** The field's values: one, or several for a derived dimension (a text mentioning two identities). */
        List<String> valuesOf(Observation o) {
            return switch (source) {
                case TENANT -> o.tenantId == null ? List.of() : List.of(o.tenantId);
                case MODEL -> o.modelId == null ? List.of() : List.of(o.modelId);
                case GROUPS -> o.groupValues(key);
                case METADATA -> o.metadata == null || o.metadata.get(key) == null ? List.of() : List.of(o.metadata.get(key));
            };
        }
    }

    /** One condition: the field's index in {@link #fields} and the values it accepts. */
    private record Condition(int field, Set<String> values) {}

    private final List<SliceDefinition> definitions;
    private final List<Field> fields = new ArrayList<>();
    private final Condition[][] conditions;

    public SliceMatcher(List<SliceDefinition> definitions) {
        this.definitions = List.copyOf(definitions);
        this.conditions = new Condition[definitions.size()][];
        for (int i = 0; i < definitions.size(); i++) {
            List<SliceCondition> predicate = definitions.get(i).getPredicate();
            conditions[i] = new Condition[predicate.size()];
            for (int j = 0; j < predicate.size(); j++) {
                String name = predicate.get(j).getField();
                Field field = Field.parse(name).orElseThrow(() -> new IllegalArgumentException("not a slice field: " + name));
                int index = fields.indexOf(field);
                if (index < 0) {
                    index = fields.size();
                    fields.add(field);
                }
                conditions[i][j] = new Condition(index, Set.copyOf(predicate.get(j).getValues()));
            }
        }
    }

    /** The definitions whose every condition holds for the observation's event. */
    public List<SliceDefinition> matching(Observation o) {
        @SuppressWarnings("unchecked")
        List<String>[] values = new List[fields.size()];
        for (int f = 0; f < values.length; f++) {
            values[f] = fields.get(f).valuesOf(o);
        }
        List<SliceDefinition> matching = new ArrayList<>();
        for (int i = 0; i < conditions.length; i++) {
            if (holds(conditions[i], values)) {
                matching.add(definitions.get(i));
            }
        }
        return matching;
    }

    /** Every condition holds: one of the field's values is among those it accepts. */
    private static boolean holds(Condition[] all, List<String>[] values) {
        for (Condition c : all) {
            boolean any = false;
            for (String value : values[c.field()]) {
                if (c.values().contains(value)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }
}
