package io.moderationstream.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.io.JsonLinesFile;
import io.moderationstream.scoring.protected_material.ProtectedIndex;
import io.moderationstream.scoring.protected_material.ProtectedMatcher;
import io.moderationstream.scoring.protected_material.ProtectedMaterialConfig;
import io.moderationstream.scoring.protected_material.index.ProtectedDocuments;
import io.moderationstream.scoring.protected_material.index.ProtectedIndexBuilder;
import io.moderationstream.scoring.protected_material.offline.ProtectedEvalSet;
import io.moderationstream.scoring.protected_material.offline.SyntheticCorpus;
import io.moderationstream.tools.cli.JsonLines;
import io.moderationstream.tools.embedded.SharedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "protected", mixinStandardHelpOptions = true,
        description = "Protected-material scorer: index build MB/s and size share on the shared Gutenberg corpus plus synthetic "
                + "book-like text (an order-2 word chain trained on it) up to --corpus-mb, then texts/s on one core and per-text "
                + "latency for ~1 KB answers (a quarter to a half embedding protected passages) against that index. Last line: JSON.")
final class ProtectedBench implements Callable<Integer> {
    @Option(names = "--corpus-mb", defaultValue = "100", description = "Corpus size to index, MB (default: ${DEFAULT-VALUE}).")
    int corpusMb;

    @Option(names = "--texts", defaultValue = "5000", description = "Answers to check (default: ${DEFAULT-VALUE}).")
    int texts;

    @Option(names = "--work-dir", defaultValue = "target/bench-protected", description = "Where the corpus and index go (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        Path shared = SharedData.dir();
        if (shared == null) {
            throw new io.moderationstream.config.ConfigException("bench protected needs ../shared/data (the protected corpus and prose)");
        }
        Path books = shared.resolve("protected/corpus");
        List<ProtectedDocuments.SourceDocument> real = ProtectedDocuments.read(List.of(books));
        long realBytes = real.stream().mapToLong(ProtectedDocuments.SourceDocument::bytes).sum();
        Path corpusDir = workDir.resolve("synthetic");
        io.moderationstream.util.Directories.deleteRecursively(workDir);
        int bytesEach = 500_000;
        int syntheticDocs = (int) Math.max(0, (corpusMb * 1_000_000L - realBytes) / bytesEach);
        new SyntheticCorpus(real.stream().map(ProtectedDocuments.SourceDocument::text).toList())
                .write(corpusDir, syntheticDocs, bytesEach, 7);

        Path indexDir = workDir.resolve("index");
        ProtectedIndexBuilder.Stats stats = ProtectedIndexBuilder.build(List.of(books, corpusDir), indexDir, ProtectedIndex.Params.DEFAULT);
        ObjectNode out = JsonLines.MAPPER.createObjectNode();
        ProtectedIndex built = ProtectedIndex.open(indexDir);
        out.put("corpus_documents", stats.documents()).put("corpus_mb", stats.bytes() / 1e6)
                .put("tile_chars", built.params().tileChars()).put("shingle_sampling", built.params().shingleSampling())
                .put("index_mb", stats.indexBytes() / 1e6).put("index_share_of_corpus", (double) stats.indexBytes() / stats.bytes())
                .put("index_build_seconds", stats.millis() / 1000.0)
                .put("index_build_mb_per_s", Math.round(stats.bytes() / 1e6 / (stats.millis() / 1000.0) * 10) / 10.0);

        List<String> prose = new ArrayList<>();
        for (String f : List.of("factbook_texts.jsonl", "rust_book_paragraphs.jsonl")) {
            for (JsonNode row : JsonLinesFile.read(shared.resolve("toxicity/benign-longform").resolve(f))) {
                if (row.path("text").asText("").length() >= 200) {
                    prose.add(row.path("text").asText());
                }
            }
        }
        List<String> answers = new ArrayList<>();
        for (ProtectedEvalSet.Case c : new ProtectedEvalSet(real, prose, 3).generate(texts / ProtectedEvalSet.Kind.values().length + 1)) {
            answers.add(c.text());
        }
        answers = answers.subList(0, texts);
        ProtectedMatcher matcher = new ProtectedMatcher(built, new ProtectedMaterialConfig().maxChars);
        for (int round = 0; round < 2; round++) {
            answers.forEach(matcher::check);   // warm-up: JIT (C2 needs a few thousand calls), the index's pages
        }
        long[] nanos = new long[answers.size()];
        long chars = 0;
        int detected = 0;
        long start = System.nanoTime();
        for (int i = 0; i < answers.size(); i++) {
            long t = System.nanoTime();
            detected += matcher.check(answers.get(i)).detected() ? 1 : 0;
            nanos[i] = System.nanoTime() - t;
            chars += answers.get(i).length();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        out.put("texts", answers.size()).put("mean_chars", chars / answers.size()).put("detected", detected)
                .put("texts_per_s_one_core", Math.round(answers.size() / seconds))
                .put("p50_ms", nanos[nanos.length / 2] / 1e6).put("p99_ms", nanos[(int) (nanos.length * 0.99)] / 1e6);
        System.out.println(out);
        if (Files.exists(corpusDir)) {
            io.moderationstream.util.Directories.deleteRecursively(corpusDir);
        }
        return 0;
    }
}
