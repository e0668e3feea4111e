package io.moderationstream.scoring.toxicity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How the transformer engines feed their encoder: emoji spelled out (as in training), texts cut to what the token
 * budget can use, and length-sorted passes, because a batch is padded to its longest text and one reference list
 * among thirty short answers would otherwise cost the long text's length thirty times over.
 */
final class EncoderPasses {
    /** Characters kept per token of the encoder's budget: far more than a word piece ever spans. */
    static final int CHARS_PER_TOKEN = 8;

    /** Texts per forward pass. */
    static final int PASS = 16;

    /** One forward pass: rows in the order of its texts. */
    interface Pass {
        float[][] run(List<String> texts) throws Exception;
    }

    private EncoderPasses() {}

    static float[][] run(List<String> texts, int maxTokens, Pass pass) throws Exception {
        Integer[] order = new Integer[texts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> texts.get(i).length()));
        float[][] out = new float[texts.size()][];
        for (int start = 0; start < order.length; start += PASS) {
            int end = Math.min(order.length, start + PASS);
            List<String> batch = new ArrayList<>(end - start);
            for (int k = start; k < end; k++) {
                batch.add(EmojiText.describe(texts.get(order[k]), CHARS_PER_TOKEN * maxTokens));
            }
            float[][] rows = pass.run(batch);
            for (int k = start; k < end; k++) {
                out[order[k]] = rows[k - start];
            }
        }
        return out;
    }
}
