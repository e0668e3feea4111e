package io.moderationstream.scoring.pii;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import org.iban4j.CountryCode;
import org.iban4j.IbanUtil;

import java.util.List;

/**
 * International bank account numbers: a country code and two check digits, then the country's BBAN, compact or in
 * groups of four; iban4j checks the country's length and format and the mod-97 check digits.
 */
final class IbanRecognizer implements Recognizer {
    private static final Pattern CANDIDATE = Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}");
    private static final double BASE = 0.85;

    @Override
    public void find(String text, ContextWords.Hits context, List<PiiEntity> out) {
        if (!Shapes.hasIbanStart(text)) {
            return;
        }
        Matcher m = CANDIDATE.matcher(text);
        int from = 0;
        while (from < text.length() && m.find(from)) {
            int end = ibanEnd(text, m.start(), m.end());
            if (end > 0) {
                out.add(new PiiEntity(PiiType.IBAN_CODE, m.start(), end,
                        Recognizer.confidence(BASE, PiiType.IBAN_CODE, m.start(), end, context), null));
                from = end;
            } else {
                from = m.start() + 1;
            }
        }
    }

    /**
     * The end of the IBAN that starts the candidate: exactly as many characters as its country's IBAN has (the pattern
     * may have run on into the next word), valid and not followed by more of the same token; -1 when none.
     */
    private static int ibanEnd(String text, int start, int limit) {
        CountryCode country = CountryCode.getByCode(text.substring(start, start + 2));
        if (country == null || !IbanUtil.isSupportedCountry(country)) {
            return -1;
        }
        int length = IbanUtil.getIbanLength(country);
        StringBuilder compact = new StringBuilder(length);
        int i = start;
        while (i < limit && compact.length() < length) {
            char c = text.charAt(i++);
            if (c != ' ') {
                compact.append(c);
            }
        }
        boolean runsOn = i < text.length() && Character.isLetterOrDigit(text.charAt(i)) && text.charAt(i - 1) != ' ';
        if (compact.length() < length || runsOn) {
            return -1;
        }
        return IbanUtil.isValid(compact.toString()) ? i : -1;
    }
}
