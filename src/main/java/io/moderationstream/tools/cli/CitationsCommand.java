package io.moderationstream.tools.cli;

import io.moderationstream.scoring.citations.index.CitationIndexBuilder;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.scoring.citations.CitationScorer;
import io.moderationstream.scoring.citations.LocalCitationIndex;
import io.moderationstream.scoring.citations.LocalIndexResolver;
import io.moderationstream.scoring.citations.Reference;
import io.moderationstream.scoring.citations.Resolution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Citation database tools: build the local index, check texts. */
@Command(name = "citations", mixinStandardHelpOptions = true, description = "Hallucinated-citation tools.",
        subcommands = {CitationsCommand.Index.class, CitationsCommand.Check.class, CitationsCommand.Coverage.class})
public class CitationsCommand {

    @Command(name = "index", mixinStandardHelpOptions = true,
            description = "Build the local citation index from JSON lines, BibTeX (.bib) or DBLP XML files (optionally .gz).")
    static class Index implements Callable<Integer> {
        @Option(names = "--input", required = true, arity = "1..*", description = "Input files.")
        List<Path> inputs;

        @Option(names = "--out", required = true, description = "Index directory (replaced).")
        Path out;

        @Option(names = "--skip-if-current", description = "Do nothing when --out already holds an index of this version's "
                + "format (deploy init steps: rebuild only after an upgrade that changed the format).")
        boolean skipIfCurrent;

        @Override
        public Integer call() throws Exception {
            if (skipIfCurrent && LocalCitationIndex.isCurrent(out)) {
                System.out.println(JsonLines.MAPPER.createObjectNode().put("skipped", true).put("out", out.toString()));
                return 0;
            }
            Files.createDirectories(out);
            Runtime rt = Runtime.getRuntime();
            CitationIndexBuilder.BuildStats stats = CitationIndexBuilder.build(inputs, out);
            long heapMb = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
            long sizeMb;
            try (var files = Files.walk(out)) {
                sizeMb = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum() / (1024 * 1024);
            }
            ObjectNode o = JsonLines.MAPPER.createObjectNode();
            o.put("read", stats.read()).put("indexed", stats.indexed()).put("duplicates", stats.duplicates())
                    .put("seconds", stats.millis() / 1000.0).put("index_mb", sizeMb).put("heap_used_mb", heapMb)
                    .put("out", out.toString());
            System.out.println(o);
            return 0;
        }
    }

    @Command(name = "coverage", mixinStandardHelpOptions = true,
            description = "What the index can vouch for: the venues and years of which it holds the proceedings (at least "
                    + "20 papers), as one JSON object. A reference to anything else can be VERIFIED or MISMATCH, never NOT_FOUND.")
    static class Coverage implements Callable<Integer> {
        @Option(names = "--index", defaultValue = "target/citation-index", description = "Index directory (default: ${DEFAULT-VALUE}).")
        Path index;

        @Override
        public Integer call() throws Exception {
            try (var opened = io.moderationstream.scoring.citations.LocalCitationIndex.open(index)) {
                System.out.println(JsonLines.MAPPER.writeValueAsString(java.util.Map.of("papers", opened.size(), "venues", opened.coveredYears())));
            }
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Read JSON lines {\"text\": ...}; print the extracted references with their statuses, one JSON line per input.")
    static class Check implements Callable<Integer> {
        @Option(names = "--index", defaultValue = "target/citation-index", description = "Index directory (default: ${DEFAULT-VALUE}).")
        Path index;

        @Option(names = "--input", description = "JSON-lines file (default: standard input).")
        Path input;

        @Override
        public Integer call() throws Exception {
            int failed;
            try (CitationScorer scorer = new CitationScorer(new LocalIndexResolver(LocalCitationIndex.open(index)), 200)) {
                failed = JsonLines.map(input, System.out, json -> {
                    String text = json.path("text").asText(null);
                    if (text == null) {
                        throw new IllegalArgumentException("each line needs a text field");
                    }
                    ObjectNode o = JsonLines.MAPPER.createObjectNode();
                    ArrayNode refs = o.putArray("references");
                    for (Resolution r : scorer.check(text)) {
                        refs.add(toJson(r));
                    }
                    return o;
                });
            }
            return JsonLines.exitCode(failed, "citations check");
        }
    }

    static ObjectNode toJson(Resolution r) {
        Reference ref = r.reference();
        ObjectNode o = JsonLines.MAPPER.createObjectNode();
        o.put("kind", ref.kind.name()).put("begin", ref.begin).put("end", ref.end).put("raw", ref.raw);
        ObjectNode fields = o.putObject("parsed");
        fields.put("title", ref.title);
        fields.set("authors", JsonLines.MAPPER.valueToTree(ref.authors));
        if (ref.year != null) {
            fields.put("year", ref.year);
        }
        fields.put("venue", ref.venue).put("doi", ref.doi).put("arxiv_id", ref.arxivId);
        o.put("status", r.status().name());
        o.put("confidence", r.confidence());
        o.set("mismatched_fields", JsonLines.MAPPER.valueToTree(r.mismatchedFields()));
        o.put("explanation", r.explanation());
        if (r.match() != null) {
            o.set("match", JsonLines.MAPPER.valueToTree(r.match()));
        }
        return o;
    }
}
