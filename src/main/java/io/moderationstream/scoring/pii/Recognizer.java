package io.moderationstream.scoring.pii;

import java.util.List;

/**
 * Finds one kind of value: a linear-time pattern (RE2/J) proposes candidates, the field's validator accepts or rejects
 * each (Luhn and issuer ranges, IBAN mod-97, SSA rules, phone metadata, address checksums), and the context around it
 * moves the confidence up or down.
 */
interface Recognizer {
    /** A context word that supports the type adds this much ... */
    double SUPPORT = 0.2;
    /** ... and one that says "order number", "version", "timestamp" takes this much away. */
    double CONTRADICTION = 0.4;

    void find(String text, ContextWords.Hits context, List<PiiEntity> out);

    /** The validated candidate's confidence, moved by its context, in [0, 1]. */
    static double confidence(double base, PiiType type, int begin, int end, ContextWords.Hits context) {
        double score = base;
        if (context.supports(type, begin, end)) {
            score += SUPPORT;
        }
        if (context.contradicts(begin, end)) {
            score -= CONTRADICTION;
        }
        return Math.max(0, Math.min(1, score));
    }

    /** Whether the characters just outside [begin, end) continue a token (so the match is part of something longer). */
    static boolean embedded(String text, int begin, int end, String joiners) {
        return (begin > 0 && joiners.indexOf(text.charAt(begin - 1)) >= 0)
                || (end < text.length() && joiners.indexOf(text.charAt(end)) >= 0);
    }
}
