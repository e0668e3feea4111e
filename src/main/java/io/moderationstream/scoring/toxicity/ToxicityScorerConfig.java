package io.moderationstream.scoring.toxicity;

import java.io.Serializable;

/** {@code scorers.toxicity.options} of the job config. */
public class ToxicityScorerConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    /** lexicon: the built-in word-list fallback. */
    public String engine = "lexicon";
    /** Also score the prompt (its attribute scores count like a sentence of the completion). */
    public boolean includePrompt = false;
    /** Sentences scored separately per text, at most (neighbours are merged beyond). */
    public int maxSentences = 8;
}
