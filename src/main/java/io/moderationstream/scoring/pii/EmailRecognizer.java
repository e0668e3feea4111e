package io.moderationstream.scoring.pii;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import org.apache.commons.validator.routines.EmailValidator;

import java.util.List;

/** E-mail addresses: an RFC-shaped candidate, accepted by commons-validator (domain syntax and known top-level domain). */
final class EmailRecognizer implements Recognizer {
    private static final Pattern CANDIDATE = Pattern.compile("[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){1,8}");
    private static final double BASE = 0.9;

    @Override
    public void find(String text, ContextWords.Hits context, List<PiiEntity> out) {
        if (text.indexOf('@') < 0) {
            return;
        }
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            String value = m.group();
            // Trailing dots belong to the sentence, not to the address.
            int end = m.end();
            while (value.endsWith(".")) {
                value = value.substring(0, value.length() - 1);
                end--;
            }
            if (EmailValidator.getInstance(false, true).isValid(value)) {
                out.add(new PiiEntity(PiiType.EMAIL_ADDRESS, m.start(), end,
                        Recognizer.confidence(BASE, PiiType.EMAIL_ADDRESS, m.start(), end, context), null));
            }
        }
    }
}
