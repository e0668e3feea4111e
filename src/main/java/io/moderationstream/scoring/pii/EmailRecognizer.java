package io.moderationstream.scoring.pii;

import org.apache.commons.validator.routines.EmailValidator;

import java.util.List;

/**
 * E-mail addresses: around each "@", the longest local part and domain the RFC allows (bounded: 64 and 253
 * characters, so the scan is linear), accepted by commons-validator (syntax and a known top-level domain).
 */
final class EmailRecognizer implements Recognizer {
    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 253;
    private static final String LOCAL_SYMBOLS = "._%+'-";
    private static final double BASE = 0.9;
    private static final EmailValidator VALIDATOR = EmailValidator.getInstance(false, true);

    @Override
    public void find(String text, ContextWords.Hits context, List<PiiEntity> out) {
        int lastEnd = 0;
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            int begin = at;
            while (begin > Math.max(lastEnd, at - MAX_LOCAL) && localChar(text.charAt(begin - 1))) {
                begin--;
            }
            int end = at + 1;
            while (end < text.length() && end - at <= MAX_DOMAIN && domainChar(text.charAt(end))) {
                end++;
            }
            // Trailing dots and hyphens belong to the sentence, not to the address.
            while (end > at + 1 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
                end--;
            }
            while (begin < at && text.charAt(begin) == '.') {
                begin++;
            }
            // A bare "user@host" (no dot in the domain) is a handle or a login, not an address outside a local network.
            if (begin < at && end > at + 1 && text.lastIndexOf('.', end - 1) > at && VALIDATOR.isValid(text.substring(begin, end))) {
                out.add(new PiiEntity(PiiType.EMAIL_ADDRESS, begin, end,
                        Recognizer.confidence(BASE, PiiType.EMAIL_ADDRESS, begin, end, context), null));
                lastEnd = end;
            }
        }
    }

    private static boolean localChar(char c) {
        return (c < 128 && Character.isLetterOrDigit(c)) || LOCAL_SYMBOLS.indexOf(c) >= 0;
    }

    private static boolean domainChar(char c) {
        return (c < 128 && Character.isLetterOrDigit(c)) || c == '.' || c == '-';
    }
}
