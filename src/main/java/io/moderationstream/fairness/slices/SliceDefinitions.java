package io.moderationstream.fairness.slices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.avro.SliceDefinition;
import io.moderationstream.config.ConfigException;
import io.moderationstream.io.AvroJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Slice definitions as JSON (SliceDefinition field names), read and validated: for the file option and submission. */
public final class SliceDefinitions {
    private SliceDefinitions() {}

    /**
     * One definition per non-blank line (or one JSON object or array for the whole file); {@code created_at} may be
     * left out and becomes {@code now}. Any problem is a {@link ConfigException} naming the line.
     */
    public static List<SliceDefinition> read(Path file, Instant now) throws IOException {
        String text = Files.readString(file).strip();
        List<JsonNode> nodes = new ArrayList<>();
        if (text.startsWith("[")) {
            AvroJson.MAPPER.readTree(text).forEach(nodes::add);
        } else if (text.startsWith("{") && !text.contains("\n")) {
            nodes.add(AvroJson.MAPPER.readTree(text));
        } else {
            for (String line : text.lines().toList()) {
                if (!line.isBlank()) {
                    nodes.add(parseLine(file, nodes.size() + 1, line));
                }
            }
        }
        List<SliceDefinition> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            out.add(parse(nodes.get(i), now, file + " definition " + (i + 1)));
        }
        return out;
    }

    private static JsonNode parseLine(Path file, int number, String line) {
        try {
            return AvroJson.MAPPER.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException(file + " definition " + number + " is not JSON: " + e.getOriginalMessage());
        }
    }

    /** A definition from JSON, validated; {@code where} names it in the error. */
    public static SliceDefinition parse(JsonNode json, Instant now, String where) {
        if (!json.isObject()) {
            throw new ConfigException(where + " must be a JSON object");
        }
        ObjectNode withTime = ((ObjectNode) json).deepCopy();
        if (!withTime.hasNonNull("created_at")) {
            withTime.put("created_at", now.toEpochMilli());
        }
        SliceDefinition d;
        try {
            d = AvroJson.fromJson(withTime, SliceDefinition.class);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + e.getMessage());
        }
        List<String> problems = SlicePredicates.problems(d);
        if (!problems.isEmpty()) {
            throw new ConfigException(where + " (" + d.getSliceId() + "): " + String.join("; ", problems));
        }
        return d;
    }
}
