package io.moderationstream.tools.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.scoring.protected_material.ProtectedIndex;
import io.moderationstream.scoring.protected_material.ProtectedMaterialConfig;
import io.moderationstream.scoring.protected_material.index.ProtectedDocuments;
import io.moderationstream.scoring.protected_material.offline.ProtectedEvalSet;
import io.moderationstream.scoring.protected_material.offline.ProtectedEvaluation;
import io.moderationstream.tools.embedded.SharedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** The protected-material evaluation on generated answers (README: Protected material, "How well it works"). */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Generate answers that embed passages of the protected corpus (verbatim, restyled, lightly edited, poem "
                + "lines) and negatives (unrelated prose, short common phrases, a short attributed quotation, a paraphrase), "
                + "check them against --index, print per-kind detection rates as one JSON line. The index must hold --corpus.")
class ProtectedEvaluateCommand implements Callable<Integer> {
    @Option(names = "--index", required = true, description = "Index directory built from --corpus.")
    Path index;

    @Option(names = "--corpus", description = "The protected documents (default: ../shared/data/protected/corpus).")
    List<Path> corpus;

    @Option(names = "--prose", description = "JSON lines with \"text\", or plain text with one paragraph per line: unrelated prose "
            + "around the cases (default: ../shared's benign-longform Factbook, Rust book and WikiText paragraphs).")
    List<Path> prose;

    @Option(names = "--per-kind", defaultValue = "500", description = "Cases per kind (default: ${DEFAULT-VALUE}).")
    int perKind;

    @Option(names = "--seed", defaultValue = "2", description = "Draw (default: ${DEFAULT-VALUE}; seed 1 is the one tuned on).")
    long seed;

    @Option(names = "--errors", description = "Write the cases that went wrong here, as JSON lines.")
    Path errorsOut;

    @Override
    public Integer call() throws Exception {
        Path shared = SharedData.dir();
        if (corpus == null) {
            if (shared == null) {
                throw new io.moderationstream.config.ConfigException("--corpus is needed (../shared/data is not here)");
            }
            corpus = List.of(shared.resolve("protected/corpus"));
        }
        if (prose == null) {
            if (shared == null) {
                throw new io.moderationstream.config.ConfigException("--prose is needed (../shared/data is not here)");
            }
            prose = List.of(shared.resolve("toxicity/benign-longform/factbook_texts.jsonl"),
                    shared.resolve("toxicity/benign-longform/rust_book_paragraphs.jsonl"),
                    shared.resolve("toxicity/benign-longform/wikitext2_valid.txt"),
                    shared.resolve("toxicity/benign-longform/wikitext2_test.txt"));
        }
        List<String> paragraphs = ProtectedEvalSet.paragraphs(prose);
        ProtectedIndex opened = ProtectedIndex.open(index);
        List<ProtectedEvalSet.Case> cases = new ProtectedEvalSet(ProtectedDocuments.read(corpus), paragraphs, seed).generate(perKind);
        ProtectedEvaluation.Report report = ProtectedEvaluation.run(opened, cases, new ProtectedMaterialConfig().maxChars);
        ObjectNode out = JsonLines.MAPPER.createObjectNode();
        report.kinds().forEach((kind, r) -> out.putObject(kind.name().toLowerCase(java.util.Locale.ROOT))
                .put("cases", r.cases()).put(kind.positive ? "recall" : "false_positive_rate", Math.round(r.rate() * 10000) / 10000.0)
                .put(kind.positive ? "source_correct" : "detected", kind.positive ? r.attributed() : r.detected()));
        out.put("false_positive_rate_all_negatives", Math.round(report.falsePositiveRate() * 10000) / 10000.0);
        out.put("index_bytes", opened.bytes()).put("corpus_bytes", opened.corpusBytes())
                .put("index_share_of_corpus", Math.round(10000.0 * opened.bytes() / opened.corpusBytes()) / 10000.0);
        out.put("texts_per_s", Math.round(report.textsPerSecond())).put("seed", seed);
        if (errorsOut != null) {
            try (PrintStream w = new PrintStream(Files.newOutputStream(errorsOut), true, java.nio.charset.StandardCharsets.UTF_8)) {
                for (ProtectedEvalSet.Case c : report.errors()) {
                    w.println(JsonLines.MAPPER.createObjectNode().put("kind", c.kind().name()).put("source_id", c.sourceId())
                            .put("passage_chars", c.passageChars()).put("text", c.text()));
                }
            }
        }
        System.out.println(out);
        return 0;
    }
}
