package io.moderationstream.scoring.watermark;

/** What the detector found in one token sequence; field names follow transformers' WatermarkDetectorOutput. */
public record Detection(
        int numTokensScored,
        int numGreenTokens,
        double greenFraction,
        double zScore,
        double pValue,
        boolean prediction,
        double confidence,
        /** Per scored position (after BOS removal): the target token was green. */
        boolean[] greenMask,
        /** Max z over sliding windows of {@code windowSize} scored tokens; NaN when windowing is off or text is shorter. */
        double windowMaxZ,
        int windowStart,
        int windowEnd) {
}
