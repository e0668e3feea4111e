package io.moderationstream.tools.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.tools.cli.JsonLines;
import io.moderationstream.scoring.watermark.GreenLists;
import io.moderationstream.scoring.watermark.Mt19937;
import io.moderationstream.scoring.watermark.WatermarkDetector;
import io.moderationstream.scoring.watermark.WatermarkParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Random;
import java.util.concurrent.Callable;

@Command(name = "watermark", mixinStandardHelpOptions = true,
        description = "Watermark detection: cold (every context distinct) and warm (cached green lists) throughput on one core.")
final class WatermarkBench implements Callable<Integer> {
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
        double bareSeeds = BenchSupport.measure(seconds, () -> {
            mt.seed(random.nextInt());
            long acc = 0;
            for (int i = 0; i < draws; i++) {
                acc += mt.nextUnsignedInt();
            }
            sink[0] += acc;
            return 1;
        });

        GreenLists cold = new GreenLists(params, 0);
        double coldContexts = BenchSupport.measure(seconds, () -> {
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
        double warmTokens = BenchSupport.measure(seconds, () -> warm.detect(text).numTokensScored());
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
