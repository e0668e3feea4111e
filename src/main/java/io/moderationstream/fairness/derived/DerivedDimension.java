package io.moderationstream.fairness.derived;

/** The fairness dimensions the pipeline derives from a completion's text; {@link #key} is the dimension's name in every output. */
public enum DerivedDimension {
    /** Identity terms the text mentions (who the text is about, not who wrote it). */
    MENTIONED_IDENTITY("mentioned_identity"),
    /** The categories of those terms (religion, age, ...), which group synonyms. */
    MENTIONED_IDENTITY_CATEGORY("mentioned_identity_category"),
    /** The completion's language, ISO 639-1, or {@code und} when the detector is unsure. */
    LANGUAGE("language");

    public final String key;

    DerivedDimension(String key) {
        this.key = key;
    }
}
