package io.moderationstream.scoring.protected_material.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads protected documents: a plain-text file is one document (its id the file name without extension, its title
 * the Project Gutenberg {@code Title:} line when there is one, else the id); a {@code .jsonl} / {@code .json} file
 * (optionally {@code .gz}) holds one {@code {"id", "title", "text"}} per line; a directory is every such file in it.
 * Project Gutenberg's header and licence footer ({@code *** START OF} / {@code *** END OF} lines) are cut off: they are
 * the same in every eBook and would match each other's licence text.
 */
public final class ProtectedDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A document to index: {@code bytes} is its size as read (UTF-8), before the header is cut. */
    public record SourceDocument(String id, String title, String text, long bytes) {}

    private ProtectedDocuments() {}

    public static List<SourceDocument> read(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(input)) {
                files.add(input);
            } else {
                throw new IOException(input + " does not exist");
            }
        }
        List<SourceDocument> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            boolean json = name.matches("(?i).*\\.jsonl?(\\.gz)?$");
            List<SourceDocument> docs = json ? readJsonLines(file) : List.of(readPlain(file));
            for (SourceDocument d : docs) {
                String previous = seen.putIfAbsent(d.id(), file.toString());
                if (previous != null) {
                    throw new IOException("document id '" + d.id() + "' appears twice (" + previous + " and " + file + ")");
                }
                out.add(d);
            }
        }
        return out;
    }

    private static SourceDocument readPlain(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        String id = dot > 0 ? name.substring(0, dot) : name;
        return new SourceDocument(id, gutenbergTitle(text, id), withoutGutenbergBoilerplate(text), bytes.length);
    }

    private static List<SourceDocument> readJsonLines(Path file) throws IOException {
        List<SourceDocument> out = new ArrayList<>();
        InputStream raw = Files.newInputStream(file);
        InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int lineNo = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode row;
                try {
                    row = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IOException(file + ":" + lineNo + ": not JSON (" + e.getOriginalMessage() + ")");
                }
                String id = row.path("id").asText("");
                String text = row.path("text").asText(null);
                if (id.isEmpty() || text == null || !row.path("text").isTextual()) {
                    throw new IOException(file + ":" + lineNo + ": a document needs \"id\" and \"text\" strings");
                }
                String title = row.path("title").isTextual() ? row.path("title").asText() : id;
                out.add(new SourceDocument(id, title, withoutGutenbergBoilerplate(text), line.getBytes(StandardCharsets.UTF_8).length));
            }
        }
        return out;
    }

    private static String gutenbergTitle(String text, String fallback) {
        int limit = Math.min(text.length(), 4000);
        int at = text.substring(0, limit).indexOf("Title:");
        if (at < 0) {
            return fallback;
        }
        int end = text.indexOf('\n', at);
        String title = text.substring(at + 6, end < 0 ? text.length() : end).strip();
        return title.isEmpty() ? fallback : title;
    }

    static String withoutGutenbergBoilerplate(String text) {
        int start = text.indexOf("*** START OF");
        int from = start < 0 ? 0 : Math.max(0, text.indexOf('\n', start) + 1);
        int end = text.indexOf("*** END OF", from);
        return text.substring(from, end < 0 ? text.length() : end);
    }
}
