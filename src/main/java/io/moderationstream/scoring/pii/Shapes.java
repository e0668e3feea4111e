package io.moderationstream.scoring.pii;

/**
 * One-pass checks that say a text cannot hold a kind of value, so its pattern need not run: a card needs 13 digits in
 * one run, an SSN 9, a phone 7, a dotted IPv4 address three dots between digits. Each is a plain linear loop, much
 * cheaper than running the pattern over prose that has no such run.
 */
final class Shapes {
    private Shapes() {}

    /** The most digits in one run where single {@code separators} may sit between digits ("4111 1111-1111"). */
    static int longestDigitRun(String text, String separators) {
        int best = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                run++;
                best = Math.max(best, run);
            } else if (!(run > 0 && separators.indexOf(c) >= 0 && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
                run = 0;
            }
        }
        return best;
    }

    /** Whether some digit is followed by "." and a digit three times in a row ("203.0.113.42"). */
    static boolean hasDottedQuad(String text) {
        int dots = 0;
        for (int i = 1; i + 1 < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' && Character.isDigit(text.charAt(i - 1)) && Character.isDigit(text.charAt(i + 1))) {
                if (++dots >= 3) {
                    return true;
                }
            } else if (c != '.' && !Character.isDigit(c)) {
                dots = 0;
            }
        }
        return false;
    }

    /** Two capital letters followed by two digits: how every IBAN starts. */
    static boolean hasIbanStart(String text) {
        for (int i = 0; i + 3 < text.length(); i++) {
            if (isUpper(text.charAt(i)) && isUpper(text.charAt(i + 1)) && Character.isDigit(text.charAt(i + 2))
                    && Character.isDigit(text.charAt(i + 3))) {
                return true;
            }
        }
        return false;
    }

    /** The longest run of letters and digits (a Base58 address has at least 26). */
    static int longestAlphanumericRun(String text) {
        int best = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            run = (c < 128 && Character.isLetterOrDigit(c)) ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
