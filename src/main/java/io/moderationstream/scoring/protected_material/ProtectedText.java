package io.moderationstream.scoring.protected_material;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * The normal form both the index and the scorer compare: Unicode compatibility decomposition with accents dropped
 * (NFKC's folding of ligatures, full-width and styled letters, plus é → e), lower case, apostrophes removed
 * ({@code don't} and {@code dont} alike) and every run of punctuation, symbols and white space one space. So restyling
 * a copy (ALL CAPS, curly quotes, extra spaces or line breaks, changed punctuation) does not change it.
 *
 * <p>Each normalised character remembers the UTF-16 range of the original it came from, so that matches found in
 * normalised text are reported as offsets into the caller's string. One pass, linear in the input.
 */
public final class ProtectedText {
    private final char[] chars;
    private final int length;
    private final int[] begin;
    private final int[] end;
    private final int words;

    private ProtectedText(char[] chars, int length, int[] begin, int[] end, int words) {
        this.chars = chars;
        this.length = length;
        this.begin = begin;
        this.end = end;
        this.words = words;
    }

    /** The normal form of {@code text}, with offsets back into it. */
    public static ProtectedText of(String text) {
        return normalise(text, true);
    }

    /** The normal form alone, without offsets (what the index builder needs: a sixth of the memory). */
    public static ProtectedText withoutOffsets(String text) {
        return normalise(text, false);
    }

    private static ProtectedText normalise(String text, boolean offsets) {
        Output out = new Output(text.length() + 8, offsets);
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c < 128) {
                if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                    out.letter(c, i, i + 1);
                } else if (c >= 'A' && c <= 'Z') {
                    out.letter((char) (c + 32), i, i + 1);
                } else if (c != '\'' && c != '`') {
                    out.separator(i);
                }
                i++;
                continue;
            }
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (!isApostrophe(cp)) {
                String folded = fold(cp);
                for (int j = 0; j < folded.length(); ) {
                    int f = folded.codePointAt(j);
                    j += Character.charCount(f);
                    int type = Character.getType(f);
                    if (Character.isLetterOrDigit(f)) {
                        out.letter(f, i, next);
                    } else if (type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK) {
                        out.separator(i);   // punctuation, symbols, emoji, white space
                    }
                }
            }
            i = next;
        }
        return offsets ? new ProtectedText(out.chars, out.length, out.begin, out.end, out.words)
                : new ProtectedText(Arrays.copyOf(out.chars, out.length), out.length, null, null, out.words);
    }

    /** Appends normalised characters; a separator becomes one space, written only when a letter follows. */
    private static final class Output {
        char[] chars;
        int[] begin;
        int[] end;
        int length;
        int words;
        boolean pendingSpace;
        int spaceFrom;

        Output(int capacity, boolean offsets) {
            chars = new char[capacity];
            begin = offsets ? new int[capacity] : null;
            end = offsets ? new int[capacity] : null;
        }

        void separator(int at) {
            if (!pendingSpace) {
                pendingSpace = true;
                spaceFrom = at;
            }
        }

        void letter(int codePoint, int from, int to) {
            if (Character.isBmpCodePoint(codePoint)) {
                letter((char) codePoint, from, to);
            } else {
                letter(Character.highSurrogate(codePoint), from, to);
                chars[length] = Character.lowSurrogate(codePoint);   // the pair stays together: no space between
                if (begin != null) {
                    begin[length] = from;
                    end[length] = to;
                }
                length++;
            }
        }

        void letter(char c, int from, int to) {
            if (length + 3 > chars.length) {
                chars = Arrays.copyOf(chars, chars.length * 2);
                if (begin != null) {
                    begin = Arrays.copyOf(begin, chars.length);
                    end = Arrays.copyOf(end, chars.length);
                }
            }
            if (length == 0 || pendingSpace) {
                words++;
            }
            if (pendingSpace && length > 0) {
                if (begin != null) {
                    begin[length] = spaceFrom;
                    end[length] = from;
                }
                chars[length++] = ' ';
            }
            pendingSpace = false;
            if (begin != null) {
                begin[length] = from;
                end[length] = to;
            }
            chars[length++] = c;
        }
    }

    private static boolean isApostrophe(int cp) {
        return cp == '\u2019' || cp == '\u2018' || cp == '\u02BC' || cp == '\u00B4' || cp == '\u2032' || cp == '\uFF07';
    }

    /** NFKD with combining marks left for the caller to drop, then lower case; one code point at a time. */
    private static String fold(int cp) {
        String s = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKD);
        return s.toLowerCase(Locale.ROOT);
    }

    /** The normalised characters; valid up to {@link #length()}. */
    public char[] chars() {
        return chars;
    }

    public int length() {
        return length;
    }

    /** How many words (runs of letters and digits) the normal form holds. */
    public int words() {
        return words;
    }

    /** UTF-16 offset in the original where normalised character {@code i} begins. */
    public int originalBegin(int i) {
        return begin[i];
    }

    /** UTF-16 offset in the original just after normalised character {@code i}. */
    public int originalEnd(int i) {
        return end[i];
    }

    /** The first normalised character that comes from original offset {@code offset} or later ({@link #length()} if none). */
    public int firstAtOrAfter(int offset) {
        int lo = 0;
        int hi = length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (begin[mid] < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }
}
