package io.moderationstream.scoring.protected_material;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A protected-material index as the scorer reads it: a directory with {@code manifest.json} (parameters, segments),
 * {@code documents.jsonl} (id, title and size of every document, in ordinal order) and one memory-mapped
 * {@link FuseRetrieval} file per segment (each {@code protected index} run that adds documents writes one). The
 * files are read in place: a process that opens the index holds its pages once, however many subtasks use it
 * ({@link SharedIndexes}).
 */
public final class ProtectedIndex {
    public static final int FORMAT = 1;
    public static final String MANIFEST = "manifest.json";
    public static final String DOCUMENTS = "documents.jsonl";
    /** A key found in several documents (or repeated in the corpus): evidence of a copy, but of no one source. */
    public static final int COMMON = -2;
    public static final int ABSENT = FuseRetrieval.ABSENT;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How the index was cut: fixed when it is created, kept by every segment added later. A tile size or shingle
     * sampling of 0 asks the builder to choose (the shortest tiles and densest sampling that fit the size budget).
     */
    public record Params(int tileChars, int shingleWords, int shingleSampling) {
        public static final Params DEFAULT = new Params(0, 4, 0);
    }

    /** A protected document: its id (file name or JSON {@code id}), title, and sizes. */
    public record Document(String id, String title, long bytes, long normalisedChars) {}

    /** One segment's filter and the ordinals it holds: values {@code 0..documents-1} are local, {@code documents} is COMMON. */
    private record Segment(FuseRetrieval filter, int firstDocument, int documents) {}

    private final Params params;
    private final List<Segment> segments;
    private final List<Document> documents;
    private final long indexBytes;
    private final List<String> normalisedTitles;

    private ProtectedIndex(Params params, List<Segment> segments, List<Document> documents, long indexBytes) {
        this.params = params;
        this.segments = segments;
        this.documents = documents;
        this.indexBytes = indexBytes;
        this.normalisedTitles = documents.stream().map(d -> ProtectedText.of(d.title()).toString()).toList();
    }

    /** Opens the index in {@code dir}; a missing or foreign directory is an {@link IOException} that says which. */
    public static ProtectedIndex open(Path dir) throws IOException {
        JsonNode manifest;
        try {
            manifest = JSON.readTree(dir.resolve(MANIFEST).toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new IOException(dir + " is not a protected-material index (no " + MANIFEST + "); build one with: protected index --input FILES --out " + dir);
        }
        if (manifest.path("format").asInt() != FORMAT) {
            throw new IOException(dir + " holds index format " + manifest.path("format").asInt() + ", this version reads " + FORMAT
                    + "; rebuild it with protected index");
        }
        Params params = new Params(manifest.path("tile_chars").asInt(), manifest.path("shingle_words").asInt(),
                manifest.path("shingle_sampling").asInt());
        List<Document> documents = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(dir.resolve(DOCUMENTS), StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.isBlank()) {
                    JsonNode d = JSON.readTree(line);
                    documents.add(new Document(d.path("id").asText(), d.path("title").asText(), d.path("bytes").asLong(),
                            d.path("normalised_chars").asLong()));
                }
            }
        }
        List<Segment> segments = new ArrayList<>();
        long bytes = Files.size(dir.resolve(MANIFEST)) + Files.size(dir.resolve(DOCUMENTS));
        for (JsonNode s : manifest.path("segments")) {
            Path file = dir.resolve(s.path("file").asText());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
                segments.add(new Segment(FuseRetrieval.read(mapped), s.path("first_document").asInt(), s.path("documents").asInt()));
                bytes += channel.size();
            }
        }
        return new ProtectedIndex(params, List.copyOf(segments), List.copyOf(documents), bytes);
    }

    /**
     * The document a key was stored for: its ordinal, {@link #COMMON} when several documents (or several places) hold
     * it, or {@link #ABSENT}. A key that is not stored answers a document with probability 2^-fingerprint bits.
     */
    public int lookup(long key) {
        for (Segment s : segments) {
            int v = s.filter.get(key);
            if (v != ABSENT && v <= s.documents) {   // larger values are no key's: a filter false positive
                return v == s.documents ? COMMON : s.firstDocument + v;
            }
        }
        return ABSENT;
    }

    public Params params() {
        return params;
    }

    public Document document(int ordinal) {
        return documents.get(ordinal);
    }

    /** The document's title in the normal form ({@link ProtectedText}). */
    public String normalisedTitle(int ordinal) {
        return normalisedTitles.get(ordinal);
    }

    public int documentCount() {
        return documents.size();
    }

    public List<Document> documents() {
        return documents;
    }

    /** The index's size on disk: manifest, document table and segments. */
    public long bytes() {
        return indexBytes;
    }

    /** The bytes of the protected documents as they were read (before normalisation). */
    public long corpusBytes() {
        return documents.stream().mapToLong(Document::bytes).sum();
    }

    public int segmentCount() {
        return segments.size();
    }
}
