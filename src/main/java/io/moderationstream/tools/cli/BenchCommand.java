package io.moderationstream.tools.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.avro.Decision;
import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.SliceCondition;
import io.moderationstream.avro.SliceDefinition;
import io.moderationstream.config.ConfigException;
import io.moderationstream.config.JobConfig;
import io.moderationstream.fairness.Observation;
import io.moderationstream.fairness.Observations;
import io.moderationstream.fairness.slices.SliceDiscovery;
import io.moderationstream.fairness.slices.SliceMetric;
import io.moderationstream.io.AvroJson;
import io.moderationstream.io.ValidatedEvent;
import io.moderationstream.pipeline.ModerationPipeline;
import io.moderationstream.scoring.MicroBatchScoringOperator;
import io.moderationstream.scoring.PartialScore;
import io.moderationstream.scoring.toxicity.ToxicityPlugin;
import io.moderationstream.scoring.ScorerFactory;
import io.moderationstream.scoring.citations.BibtexReferences;
import io.moderationstream.scoring.citations.LocalCitationIndex;
import io.moderationstream.scoring.citations.LocalIndexResolver;
import io.moderationstream.scoring.citations.Reference;
import io.moderationstream.scoring.toxicity.ToxicityEngine;
import io.moderationstream.scoring.toxicity.ToxicityScorer;
import io.moderationstream.scoring.toxicity.ToxicityScorerConfig;
import io.moderationstream.scoring.watermark.GreenLists;
import io.moderationstream.scoring.watermark.Mt19937;
import io.moderationstream.scoring.watermark.WatermarkDetector;
import io.moderationstream.scoring.watermark.WatermarkParams;
import io.moderationstream.tools.embedded.CitationIndexes;
import io.moderationstream.tools.embedded.EmbeddedKafka;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Throughput benchmarks; each prints a JSON summary as its last line. Results are recorded in BENCHMARKS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Without a subcommand: the whole pipeline on the embedded broker (throughput per delivery guarantee, "
                + "per scorer, parallelism 1 and 2, paced latency). Last line: a JSON summary.",
        subcommands = {BenchCommand.Watermark.class, BenchCommand.Toxicity.class, BenchCommand.Citations.class, BenchCommand.Fairness.class, BenchCommand.Discover.class,
                BenchCommand.Soak.class})
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

    /** Runs {@code body} repeatedly for about {@code seconds} after a warm-up, returns operations per second. */
    static double measure(double seconds, LongSupplier body) {
        long warmEnd = System.nanoTime() + (long) (seconds * 0.3e9);
        while (System.nanoTime() < warmEnd) {
            body.getAsLong();
        }
        long ops = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            ops += body.getAsLong();
        }
        return ops / ((System.nanoTime() - start) / 1e9);
    }

    @Command(name = "watermark", mixinStandardHelpOptions = true,
            description = "Watermark detection: cold (every context distinct) and warm (cached green lists) throughput on one core.")
    static class Watermark implements Callable<Integer> {
        @Option(names = "--seconds", defaultValue = "5", description = "Measurement time per case (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--cache-entries", defaultValue = "4096", description = "Green-list cache size for the warm case (default: ${DEFAULT-VALUE}).")
        int cacheEntries;

        @Override
        public Integer call() {
            WatermarkParams params = new WatermarkParams();
            int draws = params.greenlistSize();
            Random random = new Random(1);

            // The floor: seeding MT19937 and drawing int(V*gamma) numbers, with no permutation work at all.
            Mt19937 mt = new Mt19937(0);
            long[] sink = new long[1];
            double bareSeeds = measure(seconds, () -> {
                mt.seed(random.nextInt());
                long acc = 0;
                for (int i = 0; i < draws; i++) {
                    acc += mt.nextUnsignedInt();
                }
                sink[0] += acc;
                return 1;
            });

            GreenLists cold = new GreenLists(params, 0);
            double coldContexts = measure(seconds, () -> {
                cold.isGreen(random.nextInt(), random.nextInt(params.vocabSize));
                return 1;
            });

            // Warm: a long text whose contexts repeat (lefthash: one green list per previous token).
            WatermarkDetector warm = new WatermarkDetector(params, cacheEntries);
            int[] text = new int[100_000];
            for (int i = 0; i < text.length; i++) {
                text[i] = random.nextInt(2_000);
            }
            warm.detect(text);
            double warmTokens = measure(seconds, () -> warm.detect(text).numTokensScored());
            long cacheBytes = warm.greenLists().cacheBytesAtCapacity();

            ObjectNode out = JsonLines.MAPPER.createObjectNode();
            out.put("vocab_size", params.vocabSize).put("greenlist_size", draws);
            out.put("bare_mt_seed_plus_draws_per_s", Math.round(bareSeeds));
            out.put("cold_contexts_per_s", Math.round(coldContexts));
            out.put("cold_vs_bare_cost", bareSeeds / coldContexts);
            out.put("warm_tokens_per_s", Math.round(warmTokens));
            out.put("warm_cache_entries", cacheEntries);
            out.put("warm_cache_bytes", cacheBytes);
            out.put("checksum", sink[0] & 1);
            System.out.println(out);
            return 0;
        }
    }

    /** ~30-token texts, varied so that nothing is cached anywhere. */
    static List<String> thirtyTokenTexts(int n) {
        String[] subjects = {"The committee", "My neighbour", "This product", "The new policy", "Our team", "That reviewer"};
        String[] verbs = {"announced", "criticised", "explained", "ignored", "praised", "questioned"};
        String[] objects = {"the quarterly results in a long and detailed meeting this morning",
            "the proposal without reading any of the supporting documents at all",
            "how the system handles errors when the network connection drops suddenly",
            "every single complaint that customers sent during the holiday season"};
        List<String> texts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            texts.add(subjects[i % subjects.length] + " " + verbs[(i / 6) % verbs.length] + " " + objects[(i / 36) % objects.length]
                    + ", item " + i + ".");
        }
        return texts;
    }

    @Command(name = "toxicity", mixinStandardHelpOptions = true,
            description = "Toxicity scorer throughput: raw (outside Flink) at batch sizes 1, 8, 32, and the branch inside a local Flink job.")
    static class Toxicity implements Callable<Integer> {
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
            List<String> corpus = thirtyTokenTexts(texts);
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
            double inFlink = (OutputClock.count.get() - 1) / ((OutputClock.last.get() - OutputClock.first.get()) / 1e9);
            out.put("flink_branch_texts_per_s", Math.round(inFlink));
            out.put("flink_parallelism", flinkParallelism).put("flink_threads_per_subtask", flinkThreads);
            out.put("flink_job_runtime_s", result.getNetRuntime() / 1000.0);
            out.put("ratio_flink_vs_raw_batch32", inFlink / raw.get("32").asDouble());
            System.out.println(out);
            return 0;
        }
    }

    /** Records when outputs pass (same JVM: the local environment runs in-process). */
    static final class OutputClock implements MapFunction<
            PartialScore, PartialScore> {
        static final AtomicLong first = new AtomicLong();
        static final AtomicLong last = new AtomicLong();
        static final AtomicLong count = new AtomicLong();

        static void reset() {
            first.set(0);
            last.set(0);
            count.set(0);
        }

        @Override
        public PartialScore map(PartialScore value) {
            long now = System.nanoTime();
            first.compareAndSet(0, now);
            last.set(now);
            count.incrementAndGet();
            return value;
        }
    }

    @Command(name = "citations", mixinStandardHelpOptions = true,
            description = "Citation verification against the local index: look-ups per second on one thread and latency percentiles.")
    static class Citations implements Callable<Integer> {
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

    @Command(name = "discover", mixinStandardHelpOptions = true,
            description = "Worst-slice discovery alone on one thread: synthetic labelled verdicts over dimensions, a tenant and a "
                    + "model; throughput, slices held and heap.")
    static class Discover implements Callable<Integer> {
        @Option(names = "--verdicts", defaultValue = "2000000", description = "Synthetic verdicts (default: ${DEFAULT-VALUE}).")
        int verdicts;

        @Option(names = "--dimensions", defaultValue = "3", description = "Group dimensions (default: ${DEFAULT-VALUE}).")
        int dimensions;

        @Option(names = "--groups", defaultValue = "10", description = "Groups per dimension (default: ${DEFAULT-VALUE}).")
        int groups;

        @Option(names = "--max-order", defaultValue = "2", description = "Conditions per slice (default: ${DEFAULT-VALUE}).")
        int maxOrder;

        @Override
        public Integer call() {
            SliceDiscovery discovery = new SliceDiscovery(
                    SliceMetric.FPR, maxOrder, 30, 1.96, 0.05, 1_000_000);
            SplittableRandom random = new SplittableRandom(42);
            // A pool of observations reused round-robin, so the benchmark measures discovery, not allocation of inputs.
            Observation[] pool = new Observation[4096];
            for (int i = 0; i < pool.length; i++) {
                Observation o = new Observation();
                o.tenantId = "t" + random.nextInt(5);
                o.modelId = "m" + random.nextInt(3);
                Map<String, String> g = new HashMap<>();
                for (int d = 0; d < dimensions; d++) {
                    g.put("dim" + d, "g" + random.nextInt(groups));
                }
                o.groups = g;
                o.flagged = random.nextInt(10) == 0;
                pool[i] = o;
            }
            Runtime rt = Runtime.getRuntime();
            long start = System.nanoTime();
            long peak = 0;
            for (int i = 0; i < verdicts; i++) {
                discovery.add(pool[i & (pool.length - 1)], Boolean.FALSE);
                if ((i & 0xFFFF) == 0) {
                    peak = Math.max(peak, rt.totalMemory() - rt.freeMemory());
                }
            }
            long addNanos = System.nanoTime() - start;
            long rankStart = System.nanoTime();
            int findings = discovery.findings().size();
            long rankNanos = System.nanoTime() - rankStart;
            System.out.println(AvroJson.MAPPER.createObjectNode()
                    .put("verdicts", verdicts).put("dimensions", dimensions).put("groups", groups).put("max_order", maxOrder)
                    .put("verdicts_per_second", Math.round(verdicts / (addNanos / 1e9)))
                    .put("slices", discovery.openSlices()).put("tested", findings)
                    .put("rank_ms", rankNanos / 1e6).put("peak_heap_mb", peak / (1024 * 1024)));
            return 0;
        }
    }

    @Command(name = "fairness", mixinStandardHelpOptions = true,
            description = "The fairness branch alone on synthetic labelled verdicts: per-group windows, submitted slices and "
                    + "in-stream discovery; throughput and heap over the run.")
    static class Fairness implements Callable<Integer> {
        /** Verdicts generated so far, read by the heap sampler to place its samples in the run (local cluster: one JVM). */
        static final AtomicLong GENERATED = new AtomicLong();

        @Option(names = "--verdicts", defaultValue = "10000000", description = "Synthetic verdicts (default: ${DEFAULT-VALUE}).")
        long verdicts;

        @Option(names = "--groups", defaultValue = "1000", description = "Groups per dimension, 3 dimensions (default: ${DEFAULT-VALUE}).")
        int groups;

        @Option(names = "--parallelism", defaultValue = "2")
        int parallelism;

        @Option(names = "--slices", defaultValue = "50", description = "Submitted slices, sent on the definitions stream (default: ${DEFAULT-VALUE}).")
        int slices;

        @Option(names = "--discovery-order", defaultValue = "2",
                description = "Conditions per discovered slice; 0 turns discovery off (default: ${DEFAULT-VALUE}).")
        int discoveryOrder;

        @Override
        public Integer call() throws Exception {
            if (slices < 1 || discoveryOrder < 0 || discoveryOrder > 3) {
                throw new ConfigException("--slices must be at least 1 and --discovery-order 0 to 3");
            }
            var conf = new Configuration();
            var env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
            JobConfig.FairnessConfig f = new JobConfig.FairnessConfig();
            f.dimensions = List.of("gender", "dialect", "language");
            f.windowSize = Duration.ofMinutes(5);
            f.allowedLateness = Duration.ofMinutes(1);
            f.outOfOrderness = Duration.ofSeconds(5);
            f.discovery.enabled = discoveryOrder > 0;
            f.discovery.maxOrder = Math.max(1, discoveryOrder);
            int g = groups;
            // One hour of event time spread over the run: 12 five-minute windows.
            long span = 3_600_000L;
            long total = verdicts;
            GENERATED.set(0);
            var observations = env.fromSequence(0, verdicts - 1)
                    .flatMap((Long i, Collector<Observation> out) -> {
                        GENERATED.incrementAndGet();
                        Observation o = new Observation();
                        o.kind = Observation.Kind.VERDICT;
                        o.eventId = Long.toString(i);
                        o.eventTime = i * span / total;
                        long h = i * 0x9E3779B97F4A7C15L;
                        o.tenantId = "t" + Math.floorMod(h >>> 50, 5);
                        o.modelId = "m" + Math.floorMod(h >>> 56, 3);
                        o.groups = Map.of("gender", "g" + Math.floorMod(h, g), "dialect", "d" + Math.floorMod(h >>> 20, g),
                                "language", "l" + Math.floorMod(h >>> 40, g));
                        o.flagged = Math.floorMod(h >>> 8, 10) == 0;
                        o.decision = o.flagged ? Decision.REVIEW : Decision.ALLOW;
                        o.flaggedBy = o.flagged ? 1 : 0;
                        o.score = Math.floorMod(h >>> 12, 100) / 100.0;
                        out.collect(o);
                        // Ground truth for one verdict in four, as a label stream would deliver it.
                        if (Math.floorMod(h >>> 30, 4) == 0) {
                            out.collect(Observations.ofLabel(o, Math.floorMod(h >>> 34, 5) == 0, 1));
                        }
                    }).returns(Observation.class).name("synthetic-verdicts");
            var definitions = env.fromData(syntheticSlices(slices, groups)).name("synthetic-slices");
            var out = ModerationPipeline.aggregateFairness(observations, definitions, f, List.of());
            out.stats().sinkTo(new DiscardingSink<>());
            out.alerts().sinkTo(new DiscardingSink<>());
            out.sliceResults().map(r -> 1L).returns(Long.class).sinkTo(new DiscardingSink<>());
            Runtime rt = Runtime.getRuntime();
            // Peak used heap per quarter of the verdicts: flat when the last quarter is no higher than the first.
            long[] quarterPeak = new long[4];
            // Live heap at each quarter's end (after a full GC): flat when state does not grow with the stream.
            long[] quarterLive = new long[4];
            int[] lastQuarter = {0};
            // CPU time per Flink task thread (last reading before it ends): what one core does for each stage.
            var threads = ManagementFactory.getThreadMXBean();
            Map<String, Long> cpuNanos = new ConcurrentHashMap<>();
            var sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> {
                int q = (int) Math.min(3, GENERATED.get() * 4 / total);
                quarterPeak[q] = Math.max(quarterPeak[q], rt.totalMemory() - rt.freeMemory());
                if (q > lastQuarter[0]) {
                    System.gc();
                    quarterLive[lastQuarter[0]] = rt.totalMemory() - rt.freeMemory();
                    lastQuarter[0] = q;
                }
                for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
                    if (info != null && info.getThreadName().contains("(1/")) {
                        long cpu = threads.getThreadCpuTime(info.getThreadId());
                        if (cpu > 0) {
                            cpuNanos.merge(info.getThreadName().replaceAll(" \\(\\d+/\\d+\\)#\\d+$", ""), cpu, Math::max);
                        }
                    }
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            var result = env.execute("bench-fairness");
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.shutdownNow();
            ObjectNode o = JsonLines.MAPPER.createObjectNode();
            o.put("verdicts", verdicts).put("groups_per_dimension", groups).put("dimensions", 3).put("parallelism", parallelism)
                    .put("submitted_slices", slices).put("discovery_order", discoveryOrder)
                    .put("seconds", seconds).put("verdicts_per_s", Math.round(verdicts / seconds))
                    .put("job_runtime_s", result.getNetRuntime() / 1000.0);
            var heap = o.putArray("peak_heap_mb_by_quarter");
            for (long peak : quarterPeak) {
                heap.add(peak / (1024 * 1024));
            }
            var live = o.putArray("live_heap_mb_after_quarters_1_to_3");
            for (int q = 0; q < 3; q++) {
                live.add(quarterLive[q] / (1024 * 1024));
            }
            var cpu = o.putObject("cpu_seconds_by_task");
            cpuNanos.entrySet().stream().filter(e -> e.getValue() > 100_000_000L).sorted(Map.Entry.comparingByKey())
                    .forEach(e -> cpu.put(e.getKey(), Math.round(e.getValue() / 1e7) / 100.0));
            cpuNanos.entrySet().stream().filter(e -> e.getKey().startsWith("evaluate-slices")).findFirst().ifPresent(e ->
                    o.put("slice_evaluator_verdicts_per_cpu_s", Math.round(verdicts / (e.getValue() / 1e9))));
            System.out.println(o);
            return 0;
        }

        /** Auditor-style slices: single groups, group pairs, tenants and group × tenant, with all four metrics. */
        static List<SliceDefinition> syntheticSlices(int count, int groups) {
            String[] dims = {"gender", "dialect", "language"};
            String[] prefixes = {"g", "d", "l"};
            List<SliceDefinition> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int a = i % 3;
                int b = (i + 1) % 3;
                List<SliceCondition> predicate = new ArrayList<>();
                predicate.add(condition("groups." + dims[a], prefixes[a] + (i % groups)));
                if (i % 2 == 1) {
                    predicate.add(condition("groups." + dims[b], prefixes[b] + ((i / 2) % groups)));
                }
                if (i % 5 == 4) {
                    predicate.add(condition("tenant_id", "t" + (i % 5)));
                }
                out.add(SliceDefinition.newBuilder().setSliceId("bench-" + i).setSubmittedBy("bench")
                        .setPredicate(predicate).setCreatedAt(Instant.EPOCH).build());
            }
            return out;
        }

        private static SliceCondition condition(String field, String value) {
            return SliceCondition.newBuilder().setField(field).setValues(List.of(value)).build();
        }
    }

    @Command(name = "soak", mixinStandardHelpOptions = true,
            description = "Bounded soak: the whole pipeline at a fixed rate, sampling heap, resident memory and backlog.")
    static class Soak implements Callable<Integer> {
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
}
