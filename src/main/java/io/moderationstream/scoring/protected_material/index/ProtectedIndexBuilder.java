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
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;

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
    /**
     * A tile size or shingle sampling that asks the builder to choose: the shortest tiles, then the densest sampling,
     * that keep the index within budget.
     */
    public static final int AUTO = 0;
    /** Tiles of 18 characters find every copy of 53 or more normalised characters. */
    private static final int SHORTEST_TILE = 18;
    private static final int LONGEST_AUTO_TILE = 32;
    /** Below this the size budget is not applied to the tiles (and cannot be met: fixed overheads dominate). */
    private static final long SMALL_CORPUS_BYTES = 1_000_000;
    /** Tiles take at most this share of the budget, leaving the rest to the shingles. */
    private static final double TILE_SHARE_OF_BUDGET = 0.9;
    /** The share of the corpus bytes a new index aims at (the target is 10 %; the filter's size is only estimated). */
    static final double MAX_SHARE = 0.097;
    private static final int DENSEST_SAMPLING = 16;
    private static final int SPARSEST_SAMPLING = 1024;

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

        // Documents are normalised, scanned and keyed in parallel (one task per document); the keys are then merged.
        ProtectedText[] texts = new ProtectedText[docs.size()];
        long[] wordCounts = new long[docs.size()];
        IntStream.range(0, docs.size()).parallel().forEach(d -> {
            texts[d] = ProtectedText.withoutOffsets(docs.get(d).text());
            wordCounts[d] = texts[d].words();
        });
        long normalisedChars = 0;
        long bytes = 0;
        for (int d = 0; d < docs.size(); d++) {
            normalisedChars += texts[d].length();
            bytes += docs.get(d).bytes();
        }
        if (existing == null && params.tileChars() == AUTO) {
            params = new ProtectedIndex.Params(fitTile(normalisedChars, bytes, fingerprintBits + valueBits), params.shingleWords(),
                    params.shingleSampling());
        }
        int t = params.tileChars();
        if (existing == null && params.shingleSampling() == AUTO) {
            params = new ProtectedIndex.Params(t, params.shingleWords(), fitSampling(texts, wordCounts, params, bytes, fingerprintBits + valueBits));
        }
        Recurrence recurrence = new Recurrence(texts, t);
        long[][] perDocument = new long[docs.size()][];
        int[] tileCounts = new int[docs.size()];
        ProtectedIndex.Params p = params;
        IntStream.range(0, docs.size()).parallel().forEach(d -> {
            KeyTable keys = new KeyTable(texts[d].length() / t + texts[d].length() / 64 + 16);
            char[] c = texts[d].chars();
            int n = texts[d].length();
            IndexKeys windows = new IndexKeys(c, n);
            for (int at = 0, tile = 0; at + t <= n; at += t, tile++) {
                keys.add(windows.tile(at, t), recurrence.recurs(d, tile) ? common : d);
            }
            tileCounts[d] = keys.size;
            int[] words = IndexKeys.wordStarts(c, n);
            for (int w = 0; w + p.shingleWords() <= words.length; w++) {
                int from = words[w];
                long key = windows.shingle(from, IndexKeys.wordEnd(words, w + p.shingleWords() - 1, n) - from);
                if (IndexKeys.sampled(key, p.shingleSampling())) {
                    keys.add(key, d);
                }
            }
            perDocument[d] = Arrays.copyOf(keys.keys, keys.size);
        });
        KeyTable table = new KeyTable(Arrays.stream(perDocument).mapToLong(k -> k.length).sum());
        int tiles = 0;
        for (int d = 0; d < docs.size(); d++) {
            System.arraycopy(perDocument[d], 0, table.keys, table.size, perDocument[d].length);
            table.size += perDocument[d].length;
            tiles += tileCounts[d];
            perDocument[d] = null;
        }
        int shingles = table.size - tiles;
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
     * The shortest tile (from 18 characters, up to 32) whose keys fit in 90 % of the budget: more documents take more
     * value bits per key, so a corpus of many documents gets longer tiles (and a longer always-found copy, 3·t − 1).
     */
    static int fitTile(long normalisedChars, long corpusBytes, int slotBits) {
        if (corpusBytes < SMALL_CORPUS_BYTES) {
            return SHORTEST_TILE;   // the manifest and the filter's fixed overhead dominate: no tile size meets a share
        }
        for (int t = SHORTEST_TILE; t < LONGEST_AUTO_TILE; t++) {
            long tiles = normalisedChars / t;
            double factor = FuseRetrieval.slotsPerKey(Math.max(2, tiles));
            if (tiles * slotBits * factor <= TILE_SHARE_OF_BUDGET * MAX_SHARE * corpusBytes * 8) {
                return t;
            }
        }
        return LONGEST_AUTO_TILE;
    }

    /**
     * One shingle in how many the index can afford: tiles come first (they carry the 50-character guarantee); the rest
     * of {@link #MAX_SHARE} of the corpus goes to shingles, one in 16 at most. More documents take more value bits per
     * key, so a corpus of many documents samples its shingles more sparsely.
     */
    static int fitSampling(ProtectedText[] texts, long[] words, ProtectedIndex.Params params, long corpusBytes, int slotBits) {
        long tiles = 0;
        long shingles = 0;
        for (int d = 0; d < texts.length; d++) {
            tiles += texts[d].length() / params.tileChars();
            shingles += Math.max(0, words[d] - params.shingleWords() + 1);
        }
        double factor = FuseRetrieval.slotsPerKey(Math.max(2, tiles + shingles / DENSEST_SAMPLING));
        double left = MAX_SHARE * corpusBytes * 8 - tiles * slotBits * factor;
        if (left <= 0) {
            return SPARSEST_SAMPLING;
        }
        return (int) Math.min(SPARSEST_SAMPLING, Math.max(DENSEST_SAMPLING, Math.ceil(shingles * slotBits * factor / left)));
    }

    /**
     * Which tiles' text occurs more than once anywhere in the corpus, at any offset. Such tiles are phrases the corpus
     * repeats (a refrain, a stock phrase): they still prove a copy inside a run, but alone say nothing of a source.
     * A polynomial rolling hash gives every window in O(1); the tiles' hashes go into an open-addressing table behind a
     * filter of about 16 bits per tile (one bit set per tile), so the scan over every position (parallel per document)
     * mostly touches the filter. Both passes run per document in parallel; the table is filled with compare-and-set and
     * the counts saturate at 2, so the result does not depend on the threads.
     */
    private static final class Recurrence {
        private static final long BASE = 0x100000001B3L;
        private final AtomicLongArray slots;
        private final AtomicIntegerArray counts;
        private final long[] filter;
        private final int mask;
        private final int filterShift;
        private final java.util.BitSet[] recurring;

        Recurrence(ProtectedText[] texts, int tile) {
            long tiles = 0;
            for (ProtectedText text : texts) {
                tiles += text.length() / tile;
            }
            int capacity = Integer.highestOneBit((int) Math.max(16, Math.min(1 << 29, tiles * 3 / 2))) << 1;
            slots = new AtomicLongArray(capacity);
            counts = new AtomicIntegerArray(capacity);
            mask = capacity - 1;
            int filterWords = Integer.highestOneBit((int) Math.max(1, Math.min(1 << 24, tiles / 4))) << 1;
            filter = new long[filterWords];
            filterShift = 64 - Integer.numberOfTrailingZeros(filterWords);
            long top = 1;
            for (int i = 1; i < tile; i++) {
                top *= BASE;
            }
            int[][] slotOfTile = new int[texts.length][];
            IntStream.range(0, texts.length).parallel().forEach(d -> {
                slotOfTile[d] = new int[texts[d].length() / tile];
                for (int p = 0, i = 0; p + tile <= texts[d].length(); p += tile, i++) {
                    int at = insert(hash(texts[d].chars(), p, tile));
                    slotOfTile[d][i] = at;
                    if (at >= 0) {
                        increment(at);   // a tile the corpus repeats at a tile position
                    }
                }
            });
            for (int i = 0; i < capacity; i++) {
                long h = slots.get(i);
                if (h != 0) {
                    filter[(int) (h >>> filterShift)] |= 1L << (h >>> 20);
                }
            }
            // The polynomial hash's top bits pick the filter word, middle bits the bit: no mixing on the hot path.
            final long power = top;
            IntStream.range(0, texts.length).parallel().forEach(d -> {
                char[] c = texts[d].chars();
                int n = texts[d].length();
                if (n < tile) {
                    return;
                }
                long h = hash(c, 0, tile);
                for (int p = 0, phase = 0; ; p++, phase = phase + 1 == tile ? 0 : phase + 1) {
                    // Tile positions were counted above; any other position that holds a tile's text makes it recur.
                    if (phase != 0 && (filter[(int) (h >>> filterShift)] & (1L << (h >>> 20))) != 0) {
                        int at = find(h);
                        if (at >= 0 && counts.get(at) == 1) {
                            increment(at);
                        }
                    }
                    if (p + tile >= n) {
                        break;
                    }
                    h = (h - c[p] * power) * BASE + c[p + tile];
                }
            });
            recurring = new java.util.BitSet[texts.length];
            for (int d = 0; d < texts.length; d++) {
                recurring[d] = new java.util.BitSet();
                for (int i = 0; i < slotOfTile[d].length; i++) {
                    int at = slotOfTile[d][i];
                    if (at >= 0 && counts.get(at) >= 2) {
                        recurring[d].set(i);
                    }
                }
            }
        }

        /** Whether tile {@code i} of document {@code d} occurs elsewhere too. */
        boolean recurs(int d, int i) {
            return recurring[d].get(i);
        }

        private static long hash(char[] c, int from, int length) {
            long h = 0;
            for (int i = from; i < from + length; i++) {
                h = h * BASE + c[i];
            }
            return h;
        }

        /** The slot of {@code h}, added if new (safe from several threads); a zero hash is not tracked (one window in 2^64): -1. */
        private int insert(long h) {
            for (int i = (int) FuseRetrieval.mix(h) & mask; h != 0; i = (i + 1) & mask) {
                long current = slots.get(i);
                if (current == h || current == 0 && (slots.compareAndSet(i, 0, h) || slots.get(i) == h)) {
                    return i;
                }
            }
            return -1;
        }

        /** Counts one more occurrence, saturating at 2, whatever the threads. */
        private void increment(int at) {
            for (int c = counts.get(at); c < 2 && !counts.compareAndSet(at, c, c + 1); c = counts.get(at)) {
                // another thread counted first: read again
            }
        }

        private int find(long h) {
            for (int i = (int) FuseRetrieval.mix(h) & mask; h != 0; i = (i + 1) & mask) {
                long current = slots.get(i);
                if (current == h) {
                    return i;
                }
                if (current == 0) {
                    return -1;
                }
            }
            return -1;
        }
    }

    /** Keys with the document they came from; {@link #finish} sorts, merges duplicates and marks shared keys COMMON. */
    private static final class KeyTable {
        long[] keys;
        int[] values;
        int size;

        KeyTable(long capacity) {
            if (capacity > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("too many keys for one segment (" + capacity + "): add the documents in several runs");
            }
            keys = new long[(int) capacity];
        }

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
            Arrays.parallelSort(keys, 0, size);
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
