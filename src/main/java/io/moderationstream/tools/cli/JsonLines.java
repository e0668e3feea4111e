package io.moderationstream.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/** JSON-lines tools: read a file or stdin line by line, write one JSON object per input line (an error object for bad lines). */
public final class JsonLines {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLines() {}

    /** Maps every line; returns how many lines could not be mapped (each got an error object naming its line). */
    static int map(Path input, PrintStream out, Function<JsonNode, Object> fn) throws IOException {
        int failed = 0;
        try (BufferedReader reader = input == null
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                Object result;
                try {
                    result = fn.apply(MAPPER.readTree(line));
                } catch (IOException | RuntimeException e) {
                    failed++;
                    result = MAPPER.createObjectNode().put("line", number).put("error", e.getMessage());
                }
                out.println(MAPPER.writeValueAsString(result));
            }
        }
        return failed;
    }

    /** 0 when every line was mapped; otherwise one line on standard error and the run-time failure code. */
    static int exitCode(int failed, String command) {
        if (failed == 0) {
            return 0;
        }
        System.err.println(command + ": " + failed + " line(s) could not be read; their output lines hold the error");
        return Main.RUNTIME_FAILURE;
    }

    /** The line's "text" string, or an error naming the field (what every {"text"}-lines command reads). */
    static String requiredText(JsonNode json) {
        JsonNode text = json.get("text");
        if (text == null || !text.isTextual()) {
            throw new IllegalArgumentException("the line has no \"text\" string field");
        }
        return text.asText();
    }
}
