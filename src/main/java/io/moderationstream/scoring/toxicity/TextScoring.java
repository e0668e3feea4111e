package io.moderationstream.scoring.toxicity;

/** How a text's toxicity comes from its pieces (option {@code text_scoring}). */
public enum TextScoring {
    /** The maximum over the whole text and each sentence alone. */
    MAX,
    /**
     * The maximum over sentences, each judged in its context: a sentence that scores high alone counts with the lower
     * of its score alone and its score with its neighbours; a one-sentence text is scored whole.
     */
    CONTEXT
}
