package io.moderationstream.scoring.citations;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
     * Given names (and initials) of an author as written, normalised: "Vaswani, Ashish" → [ashish];
     * "Jennifer G. Dy" → [jennifer, g]; "Vaswani" → [].
     */
    public static List<String> givenNames(String author) {
        if (author == null) {
            return List.of();
        }
        int comma = author.indexOf(',');
        String given = normalizeTitle(comma > 0 ? author.substring(comma + 1) : author);
        List<String> words = given.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(given.split(" ")));
        if (comma < 0) {
            words.remove(surname(author));
        }
        return words;
    }

    /**
     * Whether two spellings of one surname name different people: no given name or initial of one is a prefix of one
     * of the other's ("Zheng" vs "Zihao", "Lisa" vs "K."), while "Alex"/"Alexander", "J."/"Jennifer G." and a missing
     * given name are no conflict.
     */
    public static boolean givenNamesConflict(String author, String other) {
        List<String> a = givenNames(author);
        List<String> b = givenNames(other);
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        for (String x : a) {
            for (String y : b) {
                if (sameGivenName(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Common short forms that are not prefixes of the full name ("Katie" Millican is Katherine Millican). */
    private static final Map<String, Set<String>> NICKNAMES = nicknames(
            "katherine katie kate kathy cathy", "catherine katie kate cathy", "mikhail misha", "michael mike mick",
            "william bill billy", "robert bob bobby rob", "james jim jimmy", "david dave", "thomas tom tommy",
            "andrew andy drew", "anthony tony", "stephen steve", "elizabeth liz beth betsy", "jennifer jenny",
            "margaret maggie peggy meg", "richard rick dick", "edward ed ted ned", "henry hank harry", "john jack",
            "charles chuck charlie", "lawrence larry", "gerald jerry", "alexander sasha alex", "alexandra sasha alex",
            "aleksandr sasha", "dmitry dima", "dmitriy dima", "vladimir volodya", "nikolai kolya", "ekaterina katya",
            "evgeny zhenya", "yevgeny zhenya", "susan sue", "patricia pat patty", "joseph joe", "daniel danny");

    private static Map<String, Set<String>> nicknames(String... groups) {
        Map<String, Set<String>> out = new HashMap<>();
        for (String group : groups) {
            List<String> names = Arrays.asList(group.split(" "));
            for (String name : names) {
                out.computeIfAbsent(name, k -> new HashSet<>()).addAll(names);
            }
        }
        return out;
    }

    /** Immutable, so shared: the distance, or -1 beyond two edits. */
    private static final org.apache.commons.text.similarity.LevenshteinDistance WITHIN_TWO_EDITS =
            new org.apache.commons.text.similarity.LevenshteinDistance(2);

    /** Prefix or initial, a known short form, or a transliteration variant (Dmitriy/Dmitry: two edits, same initial). */
    static boolean sameGivenName(String x, String y) {
        if (x.startsWith(y) || y.startsWith(x) || NICKNAMES.getOrDefault(x, Set.of()).contains(y)) {
            return true;
        }
        return x.charAt(0) == y.charAt(0) && Math.min(x.length(), y.length()) >= 4
                && WITHIN_TWO_EDITS.apply(x, y) >= 0;
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
