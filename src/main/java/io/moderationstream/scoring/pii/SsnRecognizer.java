package io.moderationstream.scoring.pii;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.util.List;
import java.util.Set;

/**
 * US Social Security numbers: AAA-GG-SSSS (dashes or spaces) with the SSA's rules — no area 000, 666 or 900–999, no
 * group 00, no serial 0000, and not one of the numbers published as examples. Nine bare digits count only with an SSN
 * word nearby: alone they are far more often an order or account number.
 */
final class SsnRecognizer implements Recognizer {
    private static final Pattern SEPARATED = Pattern.compile("\\b(\\d{3})([- ])(\\d{2})([- ])(\\d{4})\\b");
    private static final Pattern BARE = Pattern.compile("\\b(\\d{3})(\\d{2})(\\d{4})\\b");
    /** Advertised or otherwise never-valid numbers (the Woolworth wallet card, SSA's own examples). */
    private static final Set<String> PUBLISHED = Set.of("078051120", "219099999", "123456789", "457555462");
    private static final double SEPARATED_BASE = 0.6;
    private static final double BARE_BASE = 0.35;

    @Override
    public void find(String text, ContextWords.Hits context, List<PiiEntity> out) {
        if (Shapes.longestDigitRun(text, " -") < 9) {
            return;
        }
        Matcher m = SEPARATED.matcher(text);
        while (m.find()) {
            if (m.group(2).equals(m.group(4)) && !Recognizer.embedded(text, m.start(), m.end(), "-_./:")
                    && valid(m.group(1), m.group(3), m.group(5))) {
                add(text, m.start(), m.end(), SEPARATED_BASE, context, out);
            }
        }
        Matcher bare = BARE.matcher(text);
        while (bare.find()) {
            if (!Recognizer.embedded(text, bare.start(), bare.end(), "-_./:") && valid(bare.group(1), bare.group(2), bare.group(3))
                    && context.supports(PiiType.US_SSN, bare.start(), bare.end())) {
                add(text, bare.start(), bare.end(), BARE_BASE, context, out);
            }
        }
    }

    private static void add(String text, int begin, int end, double base, ContextWords.Hits context, List<PiiEntity> out) {
        out.add(new PiiEntity(PiiType.US_SSN, begin, end, Recognizer.confidence(base, PiiType.US_SSN, begin, end, context), null));
    }

    static boolean valid(String area, String group, String serial) {
        int a = Integer.parseInt(area);
        return a != 0 && a != 666 && a < 900 && !group.equals("00") && !serial.equals("0000")
                && !PUBLISHED.contains(area + group + serial);
    }
}
