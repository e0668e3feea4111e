package io.moderationstream.tools.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.scoring.protected_material.ProtectedIndex;
import io.moderationstream.scoring.protected_material.ProtectedMatcher;
import io.moderationstream.scoring.protected_material.ProtectedMaterialConfig;
import io.moderationstream.scoring.protected_material.index.ProtectedIndexBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Protected-material tools: build or extend the index, check texts against it. */
@Command(name = "protected", mixinStandardHelpOptions = true,
        description = "Verbatim and near-verbatim reproduction of a protected corpus.",
        subcommands = {ProtectedCommand.Index.class, ProtectedCommand.Check.class, ProtectedEvaluateCommand.class})
public class ProtectedCommand {

    @Command(name = "index", mixinStandardHelpOptions = true,
            description = "Index protected documents: plain-text files (one document each, id = file name without extension) "
                    + "or JSON lines {\"id\", \"title\", \"text\"} (.jsonl, .json, optionally .gz); directories are read whole. "
                    + "Project Gutenberg headers and licence footers are cut off. When --out already holds an index the "
                    + "documents are added to it (a new segment). Prints one JSON line: documents, sizes, seconds.")
    static class Index implements Callable<Integer> {
        @Option(names = "--input", required = true, arity = "1..*", description = "Files or directories.")
        List<Path> inputs;

        @Option(names = "--out", required = true, description = "Index directory (created, or extended when it holds an index).")
        Path out;

        @Option(names = "--tile-chars", description = "Characters per tile, for a new index (default: 18, longer when the corpus "
                + "has many documents, so the index stays within 10 % of the corpus; a copy of 3×tile−1 normalised characters "
                + "is always found).")
        Integer tileChars;

        @Option(names = "--shingle-words", defaultValue = "4", description = "Words per shingle, for a new index (default: ${DEFAULT-VALUE}).")
        int shingleWords;

        @Option(names = "--shingle-sampling", description = "Keep one shingle in this many, for a new index (default: one in 16, "
                + "fewer when the corpus has many documents, so the index stays within 10 % of the corpus).")
        Integer shingleSampling;

        @Override
        public Integer call() throws Exception {
            if (tileChars != null && (tileChars < 8 || tileChars > 200)) {
                throw new io.moderationstream.config.ConfigException("--tile-chars is " + tileChars + ", expected 8..200");
            }
            if (shingleWords < 2 || shingleWords > 16 || shingleSampling != null && shingleSampling < 1) {
                throw new io.moderationstream.config.ConfigException("--shingle-words must lie in 2..16 and --shingle-sampling be at least 1");
            }
            ProtectedIndexBuilder.Stats s = ProtectedIndexBuilder.build(inputs, out,
                    new ProtectedIndex.Params(tileChars == null ? ProtectedIndexBuilder.AUTO : tileChars, shingleWords,
                            shingleSampling == null ? ProtectedIndexBuilder.AUTO : shingleSampling));
            ObjectNode o = JsonLines.MAPPER.createObjectNode();
            o.put("documents_added", s.documents()).put("bytes_added", s.bytes()).put("normalised_chars_added", s.normalisedChars())
                    .put("tile_keys", s.tileKeys()).put("shingle_keys", s.shingleKeys()).put("common_keys", s.commonKeys())
                    .put("segments", s.segments()).put("index_bytes", s.indexBytes()).put("corpus_bytes", s.corpusBytes())
                    .put("index_share_of_corpus", Math.round(10000.0 * s.indexBytes() / s.corpusBytes()) / 10000.0)
                    .put("seconds", s.millis() / 1000.0).put("out", out.toString());
            System.out.println(o);
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "JSON lines with a \"text\" field in; one JSON line out per input line, in order: {\"detected\", "
                    + "\"coverage\", \"longest_match_chars\", \"matches\": [{\"begin\", \"end\", \"source_id\"}]} (UTF-16 offsets "
                    + "into text, end exclusive; each match also has title, kind and chars). Exit 1 if a line was unreadable.")
    static class Check implements Callable<Integer> {
        @Option(names = "--index", required = true, description = "Index directory.")
        Path index;

        @Option(names = "--input", description = "JSON-lines file (default: standard input).")
        Path input;

        @Override
        public Integer call() throws Exception {
            ProtectedIndex opened = ProtectedIndex.open(index);
            ProtectedMatcher matcher = new ProtectedMatcher(opened, new ProtectedMaterialConfig().maxChars);
            int failed = JsonLines.map(input, System.out, json -> toJson(matcher.check(JsonLines.requiredText(json)), opened));
            return JsonLines.exitCode(failed, "protected check");
        }
    }

    static ObjectNode toJson(ProtectedMatcher.Result r, ProtectedIndex index) {
        ObjectNode o = JsonLines.MAPPER.createObjectNode();
        o.put("detected", r.detected()).put("coverage", Math.round(r.coverage() * 10000) / 10000.0)
                .put("longest_match_chars", r.longestMatchChars());
        ArrayNode matches = o.putArray("matches");
        for (ProtectedMatcher.Match m : r.matches()) {
            ObjectNode j = matches.addObject().put("begin", m.begin()).put("end", m.end());
            if (m.document() >= 0) {
                ProtectedIndex.Document d = index.document(m.document());
                j.put("source_id", d.id()).put("title", d.title());
            } else {
                j.putNull("source_id").putNull("title");
            }
            j.put("kind", m.kind().name()).put("chars", m.chars());
        }
        if (r.truncated()) {
            o.put("checked_chars", r.checkedChars());
        }
        return o;
    }
}
