package io.moderationstream.tools.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.tools.cli.JsonLines;
import io.moderationstream.scoring.citations.BibtexReferences;
import io.moderationstream.scoring.citations.LocalCitationIndex;
import io.moderationstream.scoring.citations.LocalIndexResolver;
import io.moderationstream.scoring.citations.Reference;
import io.moderationstream.tools.embedded.CitationIndexes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "citations", mixinStandardHelpOptions = true,
        description = "Citation verification against the local index: look-ups per second on one thread and latency percentiles.")
final class CitationsBench implements Callable<Integer> {
    @Option(names = "--index", defaultValue = "target/citation-index")
    Path index;

    @Option(names = "--hallmark", defaultValue = "../shared/data/citations-eval/hallmark-dev/data_v1.0_dev_public.jsonl",
            description = "Queries: the HALLMARK entries (real and fabricated references) (default: ${DEFAULT-VALUE}).")
    Path queries;

    @Option(names = "--rounds", defaultValue = "5")
    int rounds;

    @Override
    public Integer call() throws Exception {
        CitationIndexes.ensureAt(index);
        List<Reference> refs = new ArrayList<>();
        for (String line : Files.readAllLines(queries)) {
            refs.add(BibtexReferences.fromHallmark(JsonLines.MAPPER.readTree(line)));
        }
        try (var resolver = new LocalIndexResolver(
                LocalCitationIndex.open(index))) {
            refs.forEach(resolver::resolve);
            long[] micros = new long[refs.size() * rounds];
            int k = 0;
            long start = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                for (var ref : refs) {
                    long t = System.nanoTime();
                    resolver.resolve(ref);
                    micros[k++] = (System.nanoTime() - t) / 1000;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(micros);
            ObjectNode out = JsonLines.MAPPER.createObjectNode();
            out.put("verifications", micros.length).put("verifications_per_s_one_thread", Math.round(micros.length / seconds))
                    .put("p50_ms", micros[micros.length / 2] / 1000.0).put("p99_ms", micros[(int) (micros.length * 0.99)] / 1000.0)
                    .put("max_ms", micros[micros.length - 1] / 1000.0);
            System.out.println(out);
        }
        return 0;
    }
}
