package io.moderationstream.tools.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.io.ValidatedEvent;
import io.moderationstream.scoring.MicroBatchScoringOperator;
import io.moderationstream.scoring.PartialScore;
import io.moderationstream.scoring.pii.PiiDetector;
import io.moderationstream.scoring.pii.PiiPlugin;
import io.moderationstream.scoring.pii.PiiScorerConfig;
import io.moderationstream.scoring.pii.offline.PiiSampleGenerator;
import io.moderationstream.tools.cli.JsonLines;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "pii", mixinStandardHelpOptions = true,
        description = "Privacy scorer: texts/s on one core and per-text latency (p50, p95, p99) on ~1 KB LLM-style answers with "
                + "planted values, then the branch inside a local Flink job. Last line: JSON.")
final class PiiBench implements Callable<Integer> {
    @Option(names = "--texts", defaultValue = "5000", description = "Texts per measurement (default: ${DEFAULT-VALUE}).")
    int texts;

    @Option(names = "--flink-parallelism", defaultValue = "1", description = "Subtasks of the branch in the Flink job (default: ${DEFAULT-VALUE}).")
    int flinkParallelism;

    @Override
    public Integer call() throws Exception {
        PiiSampleGenerator generator = new PiiSampleGenerator(11);
        List<String> corpus = new ArrayList<>(texts);
        long chars = 0;
        for (int i = 0; i < texts; i++) {
            corpus.add(generator.next().text());
            chars += corpus.get(i).length();
        }
        PiiDetector detector = new PiiDetector(new PiiScorerConfig());
        for (int i = 0; i < Math.min(500, texts); i++) {
            detector.detect(corpus.get(i), "t");   // warm-up: JIT, class loading
        }
        long[] nanos = new long[texts];
        long found = 0;
        long start = System.nanoTime();
        for (int i = 0; i < texts; i++) {
            long t = System.nanoTime();
            found += detector.detect(corpus.get(i), "t").size();
            nanos[i] = System.nanoTime() - t;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        ObjectNode out = JsonLines.MAPPER.createObjectNode();
        out.put("texts", texts).put("mean_chars", chars / texts).put("entities_found", found);
        out.put("texts_per_s_one_core", Math.round(texts / seconds));
        out.put("ms_per_1000_chars", Math.round(seconds * 1000 / (chars / 1000.0) * 1000) / 1000.0);
        out.put("p50_ms", nanos[texts / 2] / 1e6).put("p95_ms", nanos[(int) (texts * 0.95)] / 1e6)
                .put("p99_ms", nanos[(int) (texts * 0.99)] / 1e6);

        var env = StreamExecutionEnvironment.createLocalEnvironment(flinkParallelism);
        List<ValidatedEvent> input = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            GeneratedContent e = GeneratedContent.newBuilder().setEventId("p" + i).setTenantId("t").setModelId("m")
                    .setCreatedAt(Instant.EPOCH).setCompletion(corpus.get(i)).setGroups(Map.of()).setMetadata(Map.of()).build();
            input.add(new ValidatedEvent(e, "bench", 0, 0, 0));
        }
        env.fromData(input)
                .rebalance()
                .transform("score-pii", TypeInformation.of(PartialScore.class),
                        new MicroBatchScoringOperator(new PiiPlugin().factory(new PiiScorerConfig()), 16, Duration.ofMillis(20)))
                .map(new OutputClock()).returns(PartialScore.class)
                .sinkTo(new DiscardingSink<>());
        OutputClock.reset();
        env.execute("bench-pii");
        out.put("flink_branch_texts_per_s", Math.round(OutputClock.perSecond())).put("flink_parallelism", flinkParallelism);
        System.out.println(out);
        return 0;
    }
}
