package io.moderationstream.scoring.pii;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import org.apache.commons.validator.routines.InetAddressValidator;

import java.util.List;

/**
 * IPv4 and IPv6 addresses, checked by commons-validator. A dotted quad that is part of a longer dotted number or
 * follows a "v" is a version string ("v1.2.3.4", "1.2.3.4.5"), and a "version" word before it lowers its confidence.
 */
final class IpAddressRecognizer implements Recognizer {
    private static final Pattern V4 = Pattern.compile("\\b(?:\\d{1,3}\\.){3}\\d{1,3}\\b");
    private static final Pattern V6 = Pattern.compile("(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}");
    private static final InetAddressValidator VALIDATOR = InetAddressValidator.getInstance();
    private static final double V4_BASE = 0.7;
    private static final double V6_BASE = 0.8;

    @Override
    public void find(String text, ContextWords.Hits context, List<PiiEntity> out) {
        if (Shapes.hasDottedQuad(text)) {
            Matcher m = V4.matcher(text);
            while (m.find()) {
                boolean version = m.start() > 0 && (text.charAt(m.start() - 1) == 'v' || text.charAt(m.start() - 1) == 'V');
                boolean longer = (m.end() + 1 < text.length() && text.charAt(m.end()) == '.' && Character.isDigit(text.charAt(m.end() + 1)))
                        || (m.start() > 1 && text.charAt(m.start() - 1) == '.' && Character.isDigit(text.charAt(m.start() - 2)));
                if (!version && !longer && VALIDATOR.isValidInet4Address(m.group())) {
                    out.add(new PiiEntity(PiiType.IP_ADDRESS, m.start(), m.end(),
                            Recognizer.confidence(V4_BASE, PiiType.IP_ADDRESS, m.start(), m.end(), context), null));
                }
            }
        }
        if (text.contains("::") || text.chars().filter(c -> c == ':').count() >= 7) {
            Matcher m = V6.matcher(text);
            while (m.find()) {
                String value = m.group();
                // "10:30:00" is a time: a real IPv6 address has eight groups or a "::".
                boolean shaped = value.contains("::") || value.chars().filter(c -> c == ':').count() == 7;
                if (shaped && !Recognizer.embedded(text, m.start(), m.end(), "_.") && VALIDATOR.isValidInet6Address(value)) {
                    out.add(new PiiEntity(PiiType.IP_ADDRESS, m.start(), m.end(),
                            Recognizer.confidence(V6_BASE, PiiType.IP_ADDRESS, m.start(), m.end(), context), null));
                }
            }
        }
    }
}
