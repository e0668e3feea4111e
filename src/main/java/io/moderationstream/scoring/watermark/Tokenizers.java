package io.moderationstream.scoring.watermark;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

import java.util.HashMap;
import java.util.Map;

/**
 * Re-tokenizes text for models whose producers do not send token ids. GPT-2's byte-level BPE ({@code gpt2},
 * {@code r50k_base}) is built in through JTokkit, other OpenAI encodings by their JTokkit names, and any Hugging Face
 * {@code tokenizer.json} (a path ending in .json) through DJL's tokenizers. Not thread-safe: one per scorer.
 */
public final class Tokenizers implements AutoCloseable {
    private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    private final Map<String, Encoding> byName = new HashMap<>();
    private final Map<String, ai.djl.huggingface.tokenizers.HuggingFaceTokenizer> huggingFace = new HashMap<>();

    public int[] encode(String tokenizer, String text) {
        if (tokenizer.endsWith(".json")) {
            var hf = huggingFace.computeIfAbsent(tokenizer, Tokenizers::loadHuggingFace);
            long[] ids = hf.encode(text, false, false).getIds();
            int[] out = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                out[i] = (int) ids[i];
            }
            return out;
        }
        Encoding encoding = byName.computeIfAbsent(tokenizer.toLowerCase(java.util.Locale.ROOT), this::resolve);
        IntArrayList ids = encoding.encodeOrdinary(text);
        return ids.toArray();
    }

    private static ai.djl.huggingface.tokenizers.HuggingFaceTokenizer loadHuggingFace(String path) {
        try {
            // No truncation or padding: the detector needs exactly the generating model's token ids.
            return ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(java.nio.file.Path.of(path),
                    Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "false"));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot load tokenizer " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        huggingFace.values().forEach(ai.djl.huggingface.tokenizers.HuggingFaceTokenizer::close);
    }

    private Encoding resolve(String name) {
        return switch (name) {
            case "gpt2", "r50k_base", "gpt-2" -> registry.getEncoding(EncodingType.R50K_BASE);
            case "p50k_base" -> registry.getEncoding(EncodingType.P50K_BASE);
            case "cl100k_base" -> registry.getEncoding(EncodingType.CL100K_BASE);
            case "o200k_base" -> registry.getEncoding(EncodingType.O200K_BASE);
            default -> throw new IllegalArgumentException("unknown tokenizer " + name
                    + " (built in: gpt2/r50k_base, p50k_base, cl100k_base, o200k_base)");
        };
    }
}
