package io.moderationstream.tools.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.tools.cli.JsonLines;
import io.moderationstream.avro.Decision;
import io.moderationstream.avro.SliceCondition;
import io.moderationstream.avro.SliceDefinition;
import io.moderationstream.config.ConfigException;
import io.moderationstream.config.JobConfig;
import io.moderationstream.fairness.Observation;
import io.moderationstream.fairness.Observations;
import io.moderationstream.pipeline.ModerationPipeline;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

@Command(name = "fairness", mixinStandardHelpOptions = true,
        description = "The fairness branch alone on synthetic labelled verdicts: per-group windows, submitted slices and "
                + "in-stream discovery; throughput and heap over the run.")
final class FairnessBench implements Callable<Integer> {
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
