package io.moderationstream.scoring.citations;

import java.text.Normalizer;
import java.util.Locale;

/** Normalisation of titles and author names for matching. */
public final class Names {
    private Names() {}

    /** Lower case, accents stripped, everything but letters and digits turned into single spaces. */
    public static String normalizeTitle(String title) {
        if (title == null) {
            return "";
        }
        // Decomposition only matters for non-ASCII text; skipping it for ASCII is the common, fast path.
        String folded = isAscii(title) ? title : Normalizer.normalize(title, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(folded.length());
        boolean space = true;
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (Character.isLetterOrDigit(c)) {
                out.append(Character.toLowerCase(c));
                space = false;
            } else if (!space) {
                out.append(' ');
                space = true;
            }
        }
        int len = out.length();
        if (len > 0 && out.charAt(len - 1) == ' ') {
            out.setLength(len - 1);
        }
        return out.toString();
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }

    /**
     * Surname of an author as written: "Vaswani, Ashish" → vaswani; "Ashish Vaswani" → vaswani; "A. Vaswani" →
     * vaswani; "van der Maaten, L." → van der maaten → maaten (last particle-free word).
     */
    public static String surname(String author) {
        if (author == null) {
            return "";
        }
        String a = author.trim();
        int comma = a.indexOf(',');
        String part = comma > 0 ? a.substring(0, comma) : a;
        String normalized = normalizeTitle(part);
        if (normalized.isEmpty()) {
            return "";
        }
        if (comma > 0) {
            String[] words = normalized.split(" ");
            return words[words.length - 1];
        }
        String[] words = normalized.split(" ");
        // "Vaswani A" (surname first, initials after) is rare; take the last word that is not an initial.
        for (int i = words.length - 1; i >= 0; i--) {
            if (words[i].length() > 1 && !words[i].equals("jr") && !words[i].equals("iii") && !words[i].equals("ii")) {
                return words[i];
            }
        }
        return words[words.length - 1].toLowerCase(Locale.ROOT);
    }
}
