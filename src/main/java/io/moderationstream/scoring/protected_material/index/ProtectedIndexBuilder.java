package io.moderationstream.scoring.protected_material.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.scoring.protected_material.FuseRetrieval;
import io.moderationstream.scoring.protected_material.IndexKeys;
import io.moderationstream.scoring.protected_material.ProtectedIndex;
import io.moderationstream.scoring.protected_material.ProtectedText;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a protected-material index, or adds documents to one: each run writes one segment (a {@link FuseRetrieval}
 * file holding every tile and every sampled word shingle of the new documents, with the document each came from),
 * appends the documents to {@code documents.jsonl} and then replaces {@code manifest.json}, so a reader sees the old
 * index or the new one, never half of it. Linear in the corpus; the new documents are held in memory while their
 * segment is built (split a corpus of many gigabytes over several runs).
 */
public final class ProtectedIndexBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Two tiles a fixed distance apart must both answer falsely for a made-up match: 2·fingerprint + value bits. */
    private static final int PAIR_BITS = 21;
    private static final int MIN_FINGERPRINT_BITS = 7;

    /** What a run did. {@code indexBytes} and {@code corpusBytes} are the whole index's after the run. */
    public record Stats(int documents, long bytes, long normalisedChars, int tileKeys, int shingleKeys, int commonKeys,
                        int segments, long indexBytes, long corpusBytes, long millis) {}

    private ProtectedIndexBuilder() {}

    public static Stats build(List<Path> inputs, Path out, ProtectedIndex.Params params) throws IOException {
        long start = System.nanoTime();
        List<ProtectedDocuments.SourceDocument> docs = ProtectedDocuments.read(inputs);
        if (docs.isEmpty()) {
            throw new IOException("no documents in " + inputs);
        }
        Files.createDirectories(out);
        ProtectedIndex existing = Files.exists(out.resolve(ProtectedIndex.MANIFEST)) ? ProtectedIndex.open(out) : null;
        if (existing != null) {
            params = existing.params();
            Set<String> ids = new HashSet<>();
            existing.documents().forEach(d -> ids.add(d.id()));
            for (ProtectedDocuments.SourceDocument d : docs) {
                if (ids.contains(d.id())) {
                    throw new IOException("document '" + d.id() + "' is already in " + out + "; documents cannot be replaced, rebuild the index into a new directory");
                }
            }
        }
        int firstDocument = existing == null ? 0 : existing.documentCount();
        int common = docs.size();
        int valueBits = 32 - Integer.numberOfLeadingZeros(common);
        int fingerprintBits = Math.max(MIN_FINGERPRINT_BITS, (PAIR_BITS - valueBits + 1) / 2);

        ProtectedText[] texts = new ProtectedText[docs.size()];
        long normalisedChars = 0;
        long bytes = 0;
        for (int d = 0; d < docs.size(); d++) {
            texts[d] = ProtectedText.of(docs.get(d).text());
            normalisedChars += texts[d].length();
            bytes += docs.get(d).bytes();
        }
        int t = params.tileChars();
        Recurrence recurrence = new Recurrence(texts, t);
        KeyTable table = new KeyTable();
        int tiles = 0;
        int shingles = 0;
        for (int d = 0; d < docs.size(); d++) {
            char[] c = texts[d].chars();
            int n = texts[d].length();
            for (int p = 0; p + t <= n; p += t) {
                long key = IndexKeys.tile(c, p, t);
                table.add(key, recurrence.recurs(key) ? common : d);
                tiles++;
            }
            int[] words = IndexKeys.wordStarts(c, n);
            for (int w = 0; w + params.shingleWords() <= words.length; w++) {
                int from = words[w];
                int to = IndexKeys.wordEnd(words, w + params.shingleWords() - 1, n);
                if (IndexKeys.sampled(c, from, to - from, params.shingleSampling())) {
                    table.add(IndexKeys.shingle(c, from, to - from), d);
                    shingles++;
                }
            }
        }
        int[] commonKeys = {0};
        table.finish(common, key -> existing != null && existing.lookup(key) != ProtectedIndex.ABSENT, commonKeys);
        ByteBuffer filter = new FuseRetrieval.Builder(fingerprintBits, valueBits).build(table.keys, table.values, table.size);

        int segmentNo = existing == null ? 0 : existing.segmentCount();
        String segmentFile = "segment-" + segmentNo + ".pmf";
        try (FileChannel channel = FileChannel.open(out.resolve(segmentFile), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            filter.rewind();
            while (filter.hasRemaining()) {
                channel.write(filter);
            }
        }
        try (Writer w = Files.newBufferedWriter(out.resolve(ProtectedIndex.DOCUMENTS), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (int d = 0; d < docs.size(); d++) {
                ProtectedDocuments.SourceDocument doc = docs.get(d);
                w.write(JSON.writeValueAsString(JSON.createObjectNode().put("id", doc.id()).put("title", doc.title())
                        .put("segment", segmentNo).put("bytes", doc.bytes()).put("normalised_chars", texts[d].length())));
                w.write('\n');
            }
        }
        ObjectNode manifest = existing == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(out.resolve(ProtectedIndex.MANIFEST).toFile());
        manifest.put("format", ProtectedIndex.FORMAT).put("tile_chars", params.tileChars()).put("shingle_words", params.shingleWords())
                .put("shingle_sampling", params.shingleSampling());
        ArrayNode segments = manifest.has("segments") ? (ArrayNode) manifest.get("segments") : manifest.putArray("segments");
        segments.addObject().put("file", segmentFile).put("first_document", firstDocument).put("documents", docs.size())
                .put("tile_keys", tiles).put("shingle_keys", shingles).put("distinct_keys", table.size)
                .put("common_keys", commonKeys[0]).put("fingerprint_bits", fingerprintBits).put("value_bits", valueBits)
                .put("bytes", filter.capacity()).put("corpus_bytes", bytes).put("normalised_chars", normalisedChars);
        Path tmp = out.resolve(ProtectedIndex.MANIFEST + ".tmp");
        try (OutputStream o = Files.newOutputStream(tmp)) {
            JSON.writerWithDefaultPrettyPrinter().writeValue(o, manifest);
        }
        Files.move(tmp, out.resolve(ProtectedIndex.MANIFEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        ProtectedIndex after = ProtectedIndex.open(out);
        return new Stats(docs.size(), bytes, normalisedChars, tiles, shingles, commonKeys[0], after.segmentCount(), after.bytes(),
                after.corpusBytes(), (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Which tiles' text occurs more than once anywhere in the corpus, at any offset: an open-addressing table of the
     * tile keys, then one probe per position of every document. Such tiles are phrases the corpus repeats (a refrain,
     * a stock phrase): they still prove a copy inside a run, but alone say nothing of a source.
     */
    private static final class Recurrence {
        private final long[] slots;
        private final byte[] counts;
        private final int mask;

        Recurrence(ProtectedText[] texts, int tile) {
            long tiles = 0;
            for (ProtectedText text : texts) {
                tiles += text.length() / tile;
            }
            int capacity = Integer.highestOneBit((int) Math.max(16, Math.min(1 << 30, tiles * 2))) << 1;
            slots = new long[capacity];
            counts = new byte[capacity];
            mask = capacity - 1;
            for (ProtectedText text : texts) {
                for (int p = 0; p + tile <= text.length(); p += tile) {
                    insert(IndexKeys.tile(text.chars(), p, tile));
                }
            }
            for (ProtectedText text : texts) {
                for (int p = 0; p + tile <= text.length(); p++) {
                    int at = find(IndexKeys.tile(text.chars(), p, tile));
                    if (at >= 0 && counts[at] < 2) {
                        counts[at]++;
                    }
                }
            }
        }

        boolean recurs(long key) {
            int at = find(key);
            return at >= 0 && counts[at] >= 2;
        }

        /** Keys are never 0 in practice; an all-zero key is simply not tracked. */
        private void insert(long key) {
            for (int i = (int) FuseRetrieval.mix(key) & mask; ; i = (i + 1) & mask) {
                if (slots[i] == key) {
                    return;
                }
                if (slots[i] == 0) {
                    slots[i] = key;
                    return;
                }
            }
        }

        private int find(long key) {
            for (int i = (int) FuseRetrieval.mix(key) & mask; ; i = (i + 1) & mask) {
                if (slots[i] == key) {
                    return key == 0 ? -1 : i;
                }
                if (slots[i] == 0) {
                    return -1;
                }
            }
        }
    }

    /** Keys with the document they came from; {@link #finish} sorts, merges duplicates and marks shared keys COMMON. */
    private static final class KeyTable {
        long[] keys = new long[1 << 16];
        int[] values;
        int size;

        void add(long key, int document) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
            }
            keys[size++] = key | document;   // the low 24 bits of a key are clear (IndexKeys)
        }

        /**
         * Sorted and deduplicated: a key found once keeps its document; a key found more than once (in one document
         * or several), marked recurring, or already held by the existing segments becomes {@code common}.
         */
        void finish(int common, java.util.function.LongPredicate alreadyIndexed, int[] commonCount) {
            Arrays.sort(keys, 0, size);
            values = new int[size];
            int out = 0;
            for (int i = 0; i < size; ) {
                long key = keys[i] & IndexKeys.KEY_MASK;
                int value = (int) (keys[i] & ~IndexKeys.KEY_MASK);
                int j = i + 1;
                while (j < size && (keys[j] & IndexKeys.KEY_MASK) == key) {
                    value = common;
                    j++;
                }
                if (value != common && alreadyIndexed.test(key)) {
                    value = common;
                }
                if (value == common) {
                    commonCount[0]++;
                }
                keys[out] = key;
                values[out++] = value;
                i = j;
            }
            size = out;
        }
    }
}
