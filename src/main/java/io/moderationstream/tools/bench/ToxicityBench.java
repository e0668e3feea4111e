package io.moderationstream.tools.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.tools.cli.JsonLines;
import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.io.ValidatedEvent;
import io.moderationstream.scoring.MicroBatchScoringOperator;
import io.moderationstream.scoring.PartialScore;
import io.moderationstream.scoring.ScorerFactory;
import io.moderationstream.scoring.toxicity.ToxicityEngine;
import io.moderationstream.scoring.toxicity.ToxicityPlugin;
import io.moderationstream.scoring.toxicity.ToxicityScorer;
import io.moderationstream.scoring.toxicity.ToxicityScorerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "toxicity", mixinStandardHelpOptions = true,
        description = "Toxicity scorer throughput: raw (outside Flink) at batch sizes 1, 8, 32, and the branch inside a local Flink job.")
final class ToxicityBench implements Callable<Integer> {
    @Option(names = "--texts", defaultValue = "2000", description = "Texts per measurement (default: ${DEFAULT-VALUE}).")
    int texts;

    @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--engine", defaultValue = "finetuned", description = "finetuned (default), onnx, onnx-classifier or lexicon.")
    String engine;

    @Option(names = "--flink-parallelism", defaultValue = "2",
            description = "Subtasks of the branch in the Flink job, each with --flink-threads ONNX threads (default: ${DEFAULT-VALUE}).")
    int flinkParallelism;

    @Option(names = "--flink-threads", defaultValue = "1", description = "ONNX Runtime threads per Flink subtask (default: ${DEFAULT-VALUE}).")
    int flinkThreads;

    @Override
    public Integer call() throws Exception {
        ToxicityScorerConfig cfg = new ToxicityScorerConfig();
        cfg.engine = ToxicityEngine.fromName(engine);
        cfg.threads = threads;
        List<String> corpus = BenchSupport.thirtyTokenTexts(texts);
        List<GeneratedContent> events = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            events.add(GeneratedContent.newBuilder().setEventId("b" + i).setTenantId("t").setModelId("m")
                    .setCreatedAt(Instant.EPOCH).setCompletion(corpus.get(i)).setGroups(Map.of())
                    .setMetadata(Map.of()).build());
        }
        ObjectNode out = JsonLines.MAPPER.createObjectNode();
        out.put("engine", engine).put("threads", threads).put("texts", texts);
        ObjectNode raw = out.putObject("raw_texts_per_s");
        try (var scorer = new ToxicityScorer(
                ToxicityPlugin.model(cfg), false, 8)) {
            for (int batch : new int[] {1, 8, 32}) {
                scorer.score(events.subList(0, Math.min(64, events.size())));
                long start = System.nanoTime();
                for (int i = 0; i < events.size(); i += batch) {
                    scorer.score(events.subList(i, Math.min(events.size(), i + batch)));
                }
                raw.put(Integer.toString(batch), Math.round(events.size() / ((System.nanoTime() - start) / 1e9)));
            }
        }
        // The same scorer as a branch of a local Flink job: source -> micro-batching operator -> discarding sink.
        var env = StreamExecutionEnvironment.createLocalEnvironment(flinkParallelism);
        List<ValidatedEvent> input = new ArrayList<>();
        events.forEach(e -> input.add(new ValidatedEvent(e, "bench", 0, 0, 0)));
        ToxicityScorerConfig branchCfg = new ToxicityScorerConfig();
        branchCfg.engine = ToxicityEngine.fromName(engine);
        branchCfg.threads = flinkThreads;
        ScorerFactory factory = new ToxicityPlugin().factory(branchCfg);
        env.fromData(input)
                .rebalance()
                .transform("score-toxicity", TypeInformation.of(PartialScore.class),
                        new MicroBatchScoringOperator(factory, 32, Duration.ofMillis(20)))
                .map(new OutputClock()).returns(PartialScore.class)
                .sinkTo(new DiscardingSink<>());
        OutputClock.reset();
        var result = env.execute("bench-toxicity");
        // From the first to the last scored text: excludes job start-up and model loading, paid once.
        double inFlink = OutputClock.perSecond();
        out.put("flink_branch_texts_per_s", Math.round(inFlink));
        out.put("flink_parallelism", flinkParallelism).put("flink_threads_per_subtask", flinkThreads);
        out.put("flink_job_runtime_s", result.getNetRuntime() / 1000.0);
        out.put("ratio_flink_vs_raw_batch32", inFlink / raw.get("32").asDouble());
        System.out.println(out);
        return 0;
    }
}
