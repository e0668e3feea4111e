package io.moderationstream.scoring;

/** The three scoring branches; the lower-case name is used in verdicts, config keys and metrics. */
public enum ScorerName {
    TOXICITY, CITATIONS, WATERMARK;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ScorerName fromId(String id) {
        return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }
}
