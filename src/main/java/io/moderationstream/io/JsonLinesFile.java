package io.moderationstream.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.moderationstream.config.ConfigException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON-lines file into trees, skipping blank lines. A line that is not JSON, or a folder given as the file, is a
 * {@link ConfigException} that names the file and the line (the person who gave the file can fix it).
 */
public final class JsonLinesFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLinesFile() {}

    public static List<JsonNode> read(Path file) throws IOException {
        return read(file, null);
    }

    /** As {@link #read(Path)}, each line also required to carry a string {@code field} (else the file and line are named). */
    public static List<JsonNode> readRequiring(Path file, String field) throws IOException {
        return read(file, field);
    }

    private static List<JsonNode> read(Path file, String requiredField) throws IOException {
        if (Files.isDirectory(file)) {
            throw new ConfigException(file + " is a folder; give a JSON-lines file");
        }
        List<JsonNode> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode row;
                try {
                    row = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new ConfigException(file + ":" + number + " is not valid JSON: " + e.getOriginalMessage(), e);
                }
                if (requiredField != null && !row.path(requiredField).isTextual()) {
                    throw new ConfigException(file + ":" + number + " has no \"" + requiredField + "\" string field");
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
