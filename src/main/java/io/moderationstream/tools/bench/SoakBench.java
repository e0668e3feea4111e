package io.moderationstream.tools.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.tools.embedded.EmbeddedKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Bounded soak: the whole pipeline at a fixed rate, sampling heap, resident memory and backlog.")
final class SoakBench implements Callable<Integer> {
    @Option(names = "--rate", defaultValue = "80", description = "Events per second (default: ${DEFAULT-VALUE}, ~80 % of the measured maximum).")
    int rate;

    @Option(names = "--minutes", defaultValue = "10")
    int minutes;

    @Option(names = "--sample-seconds", defaultValue = "30")
    int sampleSeconds;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Job config overrides, as for run.")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            ObjectNode out = new PipelineBench(kafka, true).soak(rate, minutes, sampleSeconds, overrides);
            System.out.println(out);
        }
        return 0;
    }
}
