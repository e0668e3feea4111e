package io.moderationstream.scoring.toxicity;

import java.util.List;

/** The attributes every toxicity model of the project reports (Perspective API's names). */
public final class ToxicityAttributes {
    public static final List<String> ALL = List.of(
            "toxicity", "severe_toxicity", "identity_attack", "insult", "profanity", "threat", "sexually_explicit");

    private ToxicityAttributes() {}
}
