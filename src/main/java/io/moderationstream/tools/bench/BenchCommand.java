package io.moderationstream.tools.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.tools.cli.JsonLines;
import io.moderationstream.tools.embedded.EmbeddedKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** Throughput benchmarks; each prints a JSON summary as its last line. Results are recorded in BENCHMARKS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Without a subcommand: the whole pipeline on the embedded broker (throughput per delivery guarantee, "
                + "per scorer, parallelism 1 and 2, paced latency). Last line: a JSON summary.",
        subcommands = {WatermarkBench.class, ToxicityBench.class, CitationsBench.class, PiiBench.class, ProtectedBench.class, FairnessBench.class,
                DiscoverBench.class, SoakBench.class})
public class BenchCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "Smaller runs (under 5 minutes on 2 cores).")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            ObjectNode summary = new PipelineBench(kafka, quick).runAll();
            System.out.println(JsonLines.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
            System.out.println(summary);
        }
        return 0;
    }
}
