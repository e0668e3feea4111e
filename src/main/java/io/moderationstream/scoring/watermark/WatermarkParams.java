package io.moderationstream.scoring.watermark;

import java.io.Serializable;

/**
 * Parameters of one watermark key, with transformers' {@code WatermarkingConfig} defaults. The hashing key is a
 * secret: {@link #toString()} never prints it.
 */
public final class WatermarkParams implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum SeedingScheme { LEFTHASH, SELFHASH }

    public double greenlistRatio = 0.25;
    public long hashingKey = 15485863L;
    public SeedingScheme seedingScheme = SeedingScheme.LEFTHASH;
    public int contextWidth = 1;
    public int vocabSize = 50257;
    /** A leading token with this id is dropped before scoring; negative for none. */
    public int bosTokenId = 50256;
    public double zThreshold = 3.0;
    /** Count each distinct n-gram once (lm-watermarking semantics). transformers' flag has no effect, so false is HF-compatible. */
    public boolean ignoreRepeatedNgrams = false;
    /** Exact one-sided normal tail instead of transformers' approximation. */
    public boolean exactPValue = false;
    /** Window length (scored tokens) for max-z windowed scoring; 0 disables it. */
    public int windowSize = 0;

    public int greenlistSize() {
        return (int) (vocabSize * greenlistRatio);
    }

    public int ngramLength() {
        return contextWidth + 1 - (seedingScheme == SeedingScheme.SELFHASH ? 1 : 0);
    }

    public void validate() {
        if (vocabSize < 2) {
            throw new IllegalArgumentException("vocab_size must be at least 2");
        }
        if (!(greenlistRatio > 0 && greenlistRatio < 1)) {
            throw new IllegalArgumentException("greenlist_ratio must be in (0, 1)");
        }
        if (contextWidth < 1) {
            throw new IllegalArgumentException("context_width must be at least 1");
        }
        if (greenlistSize() < 1) {
            throw new IllegalArgumentException("vocab_size * greenlist_ratio must be at least 1");
        }
    }

    @Override
    public String toString() {
        return "WatermarkParams{scheme=" + seedingScheme.name().toLowerCase() + ", context_width=" + contextWidth
                + ", greenlist_ratio=" + greenlistRatio + ", vocab_size=" + vocabSize + ", bos_token_id=" + bosTokenId
                + ", hashing_key=<redacted>}";
    }
}
