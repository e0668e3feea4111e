package io.moderationstream.scoring.pii;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import org.apache.commons.validator.routines.CreditCardValidator;
import org.apache.commons.validator.routines.CreditCardValidator.CreditCardRange;

import java.util.List;

/**
 * Payment card numbers: 13–19 digits, optionally grouped by spaces or dashes, that pass the Luhn check and fall in a
 * real issuer's prefix and length range (commons-validator's ranges for Visa, Mastercard, Amex, Discover, Diners, plus
 * JCB and UnionPay). A 16-digit number that fails Luhn, or an order number in no issuer's range, is not a card.
 */
final class CreditCardRecognizer implements Recognizer {
    private static final Pattern CANDIDATE = Pattern.compile("\\b\\d(?:[ -]?\\d){12,18}\\b");
    private static final CreditCardValidator ISSUERS = new CreditCardValidator(
            new org.apache.commons.validator.routines.CodeValidator[] {CreditCardValidator.VISA_VALIDATOR,
                    CreditCardValidator.MASTERCARD_VALIDATOR, CreditCardValidator.AMEX_VALIDATOR, CreditCardValidator.DISCOVER_VALIDATOR,
                    CreditCardValidator.DINERS_VALIDATOR},
            new CreditCardRange[] {new CreditCardRange("3528", "3589", 16, 19),   // JCB
                    new CreditCardRange("62", null, 16, 19)});                  // UnionPay
    private static final double BASE = 0.8;

    @Override
    public void find(String text, ContextWords.Hits context, List<PiiEntity> out) {
        if (Shapes.longestDigitRun(text, " -") < 13) {
            return;
        }
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            if (Recognizer.embedded(text, m.start(), m.end(), "-_./:")) {
                continue;
            }
            String digits = m.group().replace(" ", "").replace("-", "");
            if (consistentGrouping(m.group()) && ISSUERS.isValid(digits)) {
                out.add(new PiiEntity(PiiType.CREDIT_CARD, m.start(), m.end(),
                        Recognizer.confidence(BASE, PiiType.CREDIT_CARD, m.start(), m.end(), context), null));
            }
        }
    }

    /** One separator kind at most: "4111 1111-1111 1111" is two numbers glued together, not a card. */
    private static boolean consistentGrouping(String raw) {
        return !(raw.indexOf(' ') >= 0 && raw.indexOf('-') >= 0);
    }
}
