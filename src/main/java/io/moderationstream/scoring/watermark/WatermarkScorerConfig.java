package io.moderationstream.scoring.watermark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code scorers.watermark.options} of the job config. */
public class WatermarkScorerConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Green lists cached per subtask (each a vocab_size-bit bitset: 6.3 KB for GPT-2). */
    public int cacheEntries = 4096;
    public double zThreshold = 4.0;
    public boolean exactPValue = true;
    public boolean ignoreRepeatedNgrams = true;
    /** Sliding window (scored tokens) for max-z on mixed text; 0 disables. */
    public int windowSize = 64;
    /** Tokenizer used when an event carries no token_ids, by model id; "*" is the fallback. */
    public Map<String, String> tokenizers = new LinkedHashMap<>(Map.of("*", "gpt2"));
    public List<Key> keys = new ArrayList<>();

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String id = "default";
        /** The secret. Put ${ENV_VAR} here rather than the number; it is never logged. */
        public long hashingKey = 15485863L;
        public WatermarkParams.SeedingScheme seedingScheme = WatermarkParams.SeedingScheme.LEFTHASH;
        public int contextWidth = 1;
        public double greenlistRatio = 0.25;
        public int vocabSize = 50257;
        public int bosTokenId = 50256;
        /** Model ids this key may have watermarked; "*" matches all. */
        public List<String> models = new ArrayList<>(List.of("*"));
        public List<String> tenants = new ArrayList<>(List.of("*"));

        @Override
        public String toString() {
            return "Key{id=" + id + ", scheme=" + seedingScheme + ", hashing_key=<redacted>}";
        }

        boolean appliesTo(String tenant, String model) {
            return (models.contains("*") || models.contains(model)) && (tenants.contains("*") || tenants.contains(tenant));
        }
    }
}
