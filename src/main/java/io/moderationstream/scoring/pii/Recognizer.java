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

    /**
     * Whether [begin, end) is joined to a neighbouring token ("ORD-4111...", "1.2.3.4.5", "id_536-22-8726"): a joiner
     * character just outside it with a letter or digit beyond. A full stop that ends the sentence joins nothing.
     */
    static boolean embedded(String text, int begin, int end, String joiners) {
        boolean before = begin > 1 && joiners.indexOf(text.charAt(begin - 1)) >= 0 && Character.isLetterOrDigit(text.charAt(begin - 2));
        boolean after = end + 1 < text.length() && joiners.indexOf(text.charAt(end)) >= 0 && Character.isLetterOrDigit(text.charAt(end + 1));
        return before || after;
    }
}
