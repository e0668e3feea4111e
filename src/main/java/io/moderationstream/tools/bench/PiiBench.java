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

    private String corpusName;

    /**
     * About 1 KB answers: human prose and tutorial text (../shared's benign-longform paragraphs, two or three joined),
     * one in four with a generated ~500-character support reply full of planted values appended; the generated
     * replies alone when ../shared is absent.
     */
    private List<String> corpus(int n) throws java.io.IOException {
        PiiSampleGenerator generator = new PiiSampleGenerator(11);
        java.nio.file.Path shared = io.moderationstream.tools.embedded.SharedData.dir();
        List<String> prose = new ArrayList<>();
        if (shared != null) {
            for (com.fasterxml.jackson.databind.JsonNode row : io.moderationstream.io.JsonLinesFile.read(
                    shared.resolve("toxicity/benign-longform/rust_book_paragraphs.jsonl"))) {
                prose.add(row.path("text").asText());
            }
            for (com.fasterxml.jackson.databind.JsonNode row : io.moderationstream.io.JsonLinesFile.read(
                    shared.resolve("toxicity/benign-longform/factbook_texts.jsonl"))) {
                prose.add(row.path("text").asText());
            }
        }
        corpusName = prose.isEmpty() ? "generated replies (../shared absent)" : "benign-longform prose ~1 KB, 1 in 4 with a generated reply";
        List<String> out = new ArrayList<>(n);
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < n; i++) {
            if (prose.isEmpty()) {
                out.add(generator.next().text() + " " + generator.next().text());
                continue;
            }
            StringBuilder text = new StringBuilder();
            while (text.length() < 900) {
                text.append(prose.get(random.nextInt(prose.size()))).append(' ');
            }
            if (i % 4 == 0) {
                text.append(generator.next().text());
            }
            out.add(text.toString().strip());
        }
        return out;
    }

    @Override
    public Integer call() throws Exception {
        List<String> corpus = corpus(texts);
        long chars = corpus.stream().mapToLong(String::length).sum();
        PiiDetector detector = new PiiDetector(new PiiScorerConfig());
        ObjectNode out = JsonLines.MAPPER.createObjectNode();
        // Replies dense with personal data and secrets (every rule and validator busy): the expensive case.
        PiiSampleGenerator dense = new PiiSampleGenerator(23);
        List<String> replies = new ArrayList<>();
        long replyChars = 0;
        for (int i = 0; i < Math.min(texts, 2000); i++) {
            replies.add(dense.next().text() + " " + dense.next().text());
            replyChars += replies.get(i).length();
        }
        replies.forEach(r -> detector.detect(r, "t"));
        long t0 = System.nanoTime();
        replies.forEach(r -> detector.detect(r, "t"));
        double denseSeconds = (System.nanoTime() - t0) / 1e9;
        out.put("pii_dense_replies_texts_per_s_one_core", Math.round(replies.size() / denseSeconds))
                .put("pii_dense_replies_mean_chars", replyChars / replies.size());
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
        out.put("corpus", corpusName).put("texts", texts).put("mean_chars", chars / texts).put("entities_found", found);
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
