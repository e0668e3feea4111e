package io.moderationstream.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Turns Jackson's mapping failures into one line a person can act on: the key's path, the problem, the fix. */
public final class ConfigErrors {
    private ConfigErrors() {}

    public static ConfigException explain(JsonProcessingException e, String where, String prefix) {
        String path = e instanceof JsonMappingException m ? path(m, prefix) : prefix;
        if (e instanceof UnrecognizedPropertyException u) {
            Collection<String> known = u.getKnownPropertyIds().stream().map(Object::toString).toList();
            String hint = nearest(u.getPropertyName(), known).map(k -> "did you mean '" + k + "'?")
                    .orElse("valid keys: " + String.join(", ", known.stream().sorted().toList()));
            return new ConfigException(where + ": unknown key '" + path + "'; " + hint, e);
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            String[] names = Arrays.stream(f.getTargetType().getEnumConstants()).map(Object::toString).toArray(String[]::new);
            String value = String.valueOf(f.getValue());
            String hint = nearest(value, Arrays.asList(names)).map(k -> " (did you mean " + k + "?)").orElse("");
            return new ConfigException(where + ": " + path + " is '" + value + "', expected one of "
                    + String.join(", ", names) + hint, e);
        }
        if (e instanceof InvalidFormatException f) {
            return new ConfigException(where + ": " + path + " is '" + f.getValue() + "', which is not a valid "
                    + simpleType(f.getTargetType()), e);
        }
        if (e instanceof MismatchedInputException m) {
            return new ConfigException(where + ": " + path + " has the wrong type, expected " + simpleType(m.getTargetType()), e);
        }
        String message = e.getOriginalMessage() == null ? e.getMessage() : e.getOriginalMessage();
        return new ConfigException(where + ": " + (path.isEmpty() ? "" : path + ": ") + firstLine(message), e);
    }

    /**
     * The constant named {@code name} in config files (its config name, or the enum name), ignoring case; otherwise a
     * {@link ConfigException} that lists the names and suggests the nearest.
     */
    public static <E extends Enum<E>> E byConfigName(E[] values, Function<E, String> configName, String name, String what) {
        for (E e : values) {
            if (configName.apply(e).equalsIgnoreCase(name) || e.name().equalsIgnoreCase(name)) {
                return e;
            }
        }
        List<String> names = Arrays.stream(values).map(configName).toList();
        throw new ConfigException(what + " '" + name + "' is not one of " + String.join(", ", names)
                + nearest(name, names).map(n -> " (did you mean " + n + "?)").orElse(""));
    }

    /** The closest candidate within a third of the word's length in edits, if any. */
    public static Optional<String> nearest(String word, Collection<String> candidates) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        return candidates.stream()
                .min(Comparator.comparingInt(c -> distance.apply(word.toLowerCase(), c.toLowerCase())))
                .filter(c -> distance.apply(word.toLowerCase(), c.toLowerCase()) <= Math.max(2, word.length() / 3));
    }

    private static String path(JsonMappingException e, String prefix) {
        String inner = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return prefix.isEmpty() ? inner : inner.isEmpty() ? prefix : prefix + "." + inner;
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == java.time.Duration.class) {
            return "duration (e.g. 30s, 5min, 1h)";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "whole number";
        }
        if (type == double.class || type == Double.class) {
            return "number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return type.getSimpleName();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
