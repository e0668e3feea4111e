package io.moderationstream.tools.bench;

import io.moderationstream.fairness.Observation;
import io.moderationstream.fairness.slices.SliceDiscovery;
import io.moderationstream.fairness.slices.SliceMetric;
import io.moderationstream.io.AvroJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

@Command(name = "discover", mixinStandardHelpOptions = true,
        description = "Worst-slice discovery alone on one thread: synthetic labelled verdicts over dimensions, a tenant and a "
                + "model; throughput, slices held and heap.")
final class DiscoverBench implements Callable<Integer> {
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
