package io.moderationstream.scoring.pii;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.util.List;


/**
 * Phone numbers, parsed and validated for their region by Google's libphonenumber (number length and prefixes from
 * the region's metadata; dates and times excluded by its VALID leniency). A linear-time pattern first cuts out the
 * digit runs that could be phone numbers, so the parser only sees short candidates: no input makes it slow.
 */
final class PhoneRecognizer implements Recognizer {
    private static final Pattern CANDIDATE = Pattern.compile("[+(]?\\d[\\d ().\\-/]{5,40}\\d");
    /** Shaped like an SSN (3-2-4): the SSN recognizer's to judge, never a phone number. */
    private static final Pattern SSN_SHAPED = Pattern.compile("^\\d{3}-\\d{2}-\\d{4}$");
    /** Longer than any dialable number with separators. */
    private static final int MAX_CANDIDATE = 26;
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final double INTERNATIONAL_BASE = 0.75;
    private static final double NATIONAL_BASE = 0.6;

    private final List<String> regions;
    /** Each region's national (trunk) prefix, "0" in most of the world, "1" in North America. */
    private final List<String> trunkPrefixes;

    PhoneRecognizer(List<String> regions) {
        this.regions = regions;
        this.trunkPrefixes = regions.stream().map(r -> {
            String prefix = PHONES.getNddPrefixForRegion(r, true);
            return prefix == null ? "" : prefix;
        }).toList();
    }

    private static char firstDigit(String candidate) {
        for (int i = 0; i < candidate.length(); i++) {
            if (Character.isDigit(candidate.charAt(i))) {
                return candidate.charAt(i);
            }
        }
        return ' ';
    }

    /**
     * Whether a national number starting with this digit can be written in a region: where the trunk prefix is "0",
     * national numbers are written with it; where it is not, no number starts with "0". Saves the parser most calls.
     */
    private static boolean writtenNationally(char firstDigit, String trunkPrefix) {
        return trunkPrefix.equals("0") ? firstDigit == '0' : firstDigit != '0';
    }

    @Override
    public void find(String text, ContextWords.Hits context, List<PiiEntity> out) {
        if (Shapes.longestDigitRun(text, " ().-/") < 7) {
            return;
        }
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            // A run longer than any phone number, or a piece of one, is a long number of some other kind.
            if (m.end() - m.start() > MAX_CANDIDATE || continuesRun(text, m.start() - 1) || continuesRun(text, m.end())
                    || Recognizer.embedded(text, m.start(), m.end(), "-_/#=") || touchesLetter(text, m.start(), m.end())
                    || SSN_SHAPED.matcher(m.group()).matches()) {
                continue;
            }
            if (insideEarlierFinding(out, m.start(), m.end()) || !plausibleDigitCount(m.group())) {
                continue;
            }
            // Let the parser see "+" and an opening bracket just before the digits.
            int from = Math.max(0, m.start() - 1);
            String candidate = text.substring(from, m.end());
            boolean international = candidate.indexOf('+') >= 0;
            char firstDigit = firstDigit(candidate);
            for (int r = 0; r < (international ? 1 : regions.size()); r++) {
                if (!international && !writtenNationally(firstDigit, trunkPrefixes.get(r))) {
                    continue;
                }
                PhoneNumberMatch match = first(candidate, regions.get(r), r == 0);
                if (match != null) {
                    int begin = from + match.start();
                    int end = from + match.end();
                    double base = match.rawString().startsWith("+") ? INTERNATIONAL_BASE : NATIONAL_BASE;
                    out.add(new PiiEntity(PiiType.PHONE_NUMBER, begin, end,
                            Recognizer.confidence(base, PiiType.PHONE_NUMBER, begin, end, context), null));
                    break;
                }
            }
        }
    }

    /** A card, IBAN or SSN found before holds these digits: they are not also a phone number. */
    private static boolean insideEarlierFinding(List<PiiEntity> found, int begin, int end) {
        for (PiiEntity e : found) {
            if (e.begin() <= begin && end <= e.end()) {
                return true;
            }
        }
        return false;
    }

    /** Every region's numbers have 7 to 15 digits (ITU E.164 with the shortest national numbers). */
    private static boolean plausibleDigitCount(String candidate) {
        int digits = 0;
        for (int i = 0; i < candidate.length(); i++) {
            digits += Character.isDigit(candidate.charAt(i)) ? 1 : 0;
        }
        return digits >= 7 && digits <= 15;
    }

    /** "x7081966017c9": digits glued to letters are part of an identifier. */
    private static boolean touchesLetter(String text, int begin, int end) {
        return (begin > 0 && Character.isLetter(text.charAt(begin - 1))) || (end < text.length() && Character.isLetter(text.charAt(end)));
    }

    private static boolean continuesRun(String text, int i) {
        return i >= 0 && i < text.length() && (Character.isDigit(text.charAt(i)) || (".-/".indexOf(text.charAt(i)) >= 0
                && ((i > 0 && Character.isDigit(text.charAt(i - 1))) && (i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))))));
    }

    /**
     * The number in the candidate, if any: valid for its region and, written nationally, grouped as that region groups
     * its numbers ("123-4567-890" is ten digits in no country's grouping) — exactly so for the regions after the
     * first, so that a US-style "168-531-5805" that is invalid in the US is not taken for an Indian number.
     */
    private static PhoneNumberMatch first(String candidate, String region, boolean primary) {
        // parse + isValidNumber is far cheaper than the matcher: most candidates (dates, amounts, codes) stop here.
        try {
            if (!PHONES.isValidNumber(PHONES.parse(candidate, region))) {
                return null;
            }
        } catch (com.google.i18n.phonenumbers.NumberParseException notANumber) {
            return null;
        }
        for (PhoneNumberMatch match : PHONES.findNumbers(candidate, region, PhoneNumberUtil.Leniency.VALID, 4)) {
            if (match.rawString().startsWith("+")) {
                return match;
            }
            PhoneNumberUtil.Leniency grouping = primary ? PhoneNumberUtil.Leniency.STRICT_GROUPING : PhoneNumberUtil.Leniency.EXACT_GROUPING;
            for (PhoneNumberMatch grouped : PHONES.findNumbers(match.rawString(), region, grouping, 1)) {
                return match;
            }
            return null;
        }
        return null;
    }
}
