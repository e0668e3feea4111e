package io.moderationstream.scoring.toxicity;

import java.text.Normalizer;

/**
 * Undoes common obfuscation before scoring: compatibility forms (full-width, ligatures), invisible and bidi-control
 * characters, a few Cyrillic/Greek homoglyphs of Latin letters, and leetspeak digits inside words.
 */
public final class TextNormalizer {
    private TextNormalizer() {}

    public static String normalize(String text) {
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(nfkc.length());
        for (int i = 0; i < nfkc.length(); i++) {
            char c = nfkc.charAt(i);
            if (isInvisible(c)) {
                continue;
            }
            out.append(homoglyph(c));
        }
        return out.toString();
    }

    static boolean isInvisible(char c) {
        return (c >= '\u200B' && c <= '\u200F') || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2060' && c <= '\u2069')
                || c == '\uFEFF' || c == '\u00AD' || c == '\u034F';
    }

    static char homoglyph(char c) {
        return switch (c) {
            case 'а' -> 'a';
            case 'е' -> 'e';
            case 'о', 'ο' -> 'o';
            case 'р', 'ρ' -> 'p';
            case 'с' -> 'c';
            case 'у' -> 'y';
            case 'х', 'χ' -> 'x';
            case 'і', 'ι' -> 'i';
            case 'ѕ' -> 's';
            case 'ј' -> 'j';
            case 'А', 'Α' -> 'A';
            case 'В', 'Β' -> 'B';
            case 'Е', 'Ε' -> 'E';
            case 'К', 'Κ' -> 'K';
            case 'М', 'Μ' -> 'M';
            case 'Н', 'Η' -> 'H';
            case 'О', 'Ο' -> 'O';
            case 'Р', 'Ρ' -> 'P';
            case 'С' -> 'C';
            case 'Т', 'Τ' -> 'T';
            case 'Х', 'Χ' -> 'X';
            default -> c;
        };
    }
}
