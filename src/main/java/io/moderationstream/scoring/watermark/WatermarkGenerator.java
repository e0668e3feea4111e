package io.moderationstream.scoring.watermark;

import java.math.BigInteger;
import java.util.Random;

/**
 * Generates token sequences the way transformers' {@code WatermarkLogitsProcessor} watermarks them, over a synthetic
 * language model: at each step {@code bias} is added to the logits of the green list of the current context (for
 * selfhash: of each of the top-k candidates, whose own id is part of the context), then a token is sampled.
 * The "language model" is a Zipf distribution over ranks whose mapping to token ids depends on the previous token:
 * cheap, context-dependent, and with an entropy comparable to natural text, which is what detection power depends on.
 */
public final class WatermarkGenerator {
    private static final long STRIDE = 7919;
    private static final int TOP_K = 40;

    private final WatermarkParams params;
    private final GreenLists greenLists;
    private final double boost;
    private final Random random;
    private final double[] rankWeight;
    private final long strideInverse;

    public WatermarkGenerator(WatermarkParams params, double bias, long seed) {
        this(params, bias, seed, 1.1);
    }

    /** @param zipfExponent shape of the synthetic LM: higher means lower entropy (more predictable text, harder to watermark). */
    public WatermarkGenerator(WatermarkParams params, double bias, long seed, double zipfExponent) {
        this.params = params;
        this.greenLists = new GreenLists(params, 4096);
        this.boost = Math.exp(bias);
        this.random = new Random(seed);
        this.rankWeight = new double[params.vocabSize];
        for (int r = 0; r < rankWeight.length; r++) {
            rankWeight[r] = Math.pow(1 + r, -zipfExponent);
        }
        this.strideInverse = BigInteger.valueOf(STRIDE).modInverse(BigInteger.valueOf(params.vocabSize)).longValue();
    }

    /** Rank of token {@code id} under the context hash {@code h}: a bijection of the vocabulary. */
    private int rank(int id, long h) {
        return (int) ((id * STRIDE + h) % params.vocabSize);
    }

    private int tokenOfRank(int r, long h) {
        long v = Math.floorMod((r - h) % params.vocabSize * strideInverse, (long) params.vocabSize);
        return (int) v;
    }

    public int[] generate(int length, boolean watermark) {
        int[] out = new int[length];
        out[0] = random.nextInt(params.vocabSize);
        for (int t = 1; t < length; t++) {
            long h = Math.floorMod(out[t - 1] * 1_000_003L + 17, (long) params.vocabSize);
            if (!watermark) {
                out[t] = sample(h, -1);
            } else if (params.seedingScheme == WatermarkParams.SeedingScheme.LEFTHASH) {
                int from = Math.max(0, t - params.contextWidth);
                out[t] = sample(h, greenLists.seedFor(out, from, t));
            } else {
                out[t] = sampleSelfhash(out, t, h);
            }
        }
        return out;
    }

    /** Samples from the LM, boosting the green list of {@code seed} (or nothing when seed is -1 and unwatermarked). */
    private int sample(long h, int seed) {
        boolean boosted = seed != -1;
        double total = 0;
        for (int id = 0; id < params.vocabSize; id++) {
            double w = rankWeight[rank(id, h)];
            total += boosted && greenLists.isGreen(seed, id) ? w * boost : w;
        }
        double r = random.nextDouble() * total;
        for (int id = 0; id < params.vocabSize; id++) {
            double w = rankWeight[rank(id, h)];
            r -= boosted && greenLists.isGreen(seed, id) ? w * boost : w;
            if (r <= 0) {
                return id;
            }
        }
        return params.vocabSize - 1;
    }

    private int sampleSelfhash(int[] out, int t, long h) {
        int[] candidates = new int[TOP_K];
        double[] weights = new double[TOP_K];
        double total = 0;
        int[] ctx = new int[params.contextWidth];
        for (int c = 0; c < TOP_K; c++) {
            int id = tokenOfRank(c, h);
            for (int k = 0; k < params.contextWidth - 1; k++) {
                ctx[k] = out[Math.max(0, t - (params.contextWidth - 1) + k)];
            }
            ctx[params.contextWidth - 1] = id;
            int seed = greenLists.seedFor(ctx, 0, ctx.length);
            candidates[c] = id;
            weights[c] = rankWeight[c] * (greenLists.isGreen(seed, id) ? boost : 1);
            total += weights[c];
        }
        double r = random.nextDouble() * total;
        for (int c = 0; c < TOP_K; c++) {
            r -= weights[c];
            if (r <= 0) {
                return candidates[c];
            }
        }
        return candidates[TOP_K - 1];
    }
}
