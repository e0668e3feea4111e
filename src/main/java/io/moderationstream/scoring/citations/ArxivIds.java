package io.moderationstream.scoring.citations;

import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an arXiv identifier says by itself: since April 2007 it is YYMM.NNNN(N), the month of first submission, so an
 * identifier that is malformed, from the future, or years younger than the year it is cited with is evidence a
 * reviewer accepts without any database.
 */
final class ArxivIds {
    private static final Pattern NEW_STYLE = Pattern.compile("(\\d{2})(\\d{2})\\.(\\d{4,5})(v\\d+)?");
    private static final Pattern OLD_STYLE = Pattern.compile("[a-z\\-]+(\\.[a-z]{2})?/\\d{7}(v\\d+)?");

    private ArxivIds() {}

    /** The month of first submission, or null when the identifier is not a well-formed arXiv identifier. */
    static YearMonth submitted(String id) {
        String s = id.trim().toLowerCase(java.util.Locale.ROOT);
        Matcher m = NEW_STYLE.matcher(s);
        if (m.matches()) {
            int year = 2000 + Integer.parseInt(m.group(1));
            int month = Integer.parseInt(m.group(2));
            // Four-digit numbers until 2014-12, five from 2015-01.
            boolean digitsFit = (year < 2015) == (m.group(3).length() == 4);
            return month >= 1 && month <= 12 && year >= 2007 && digitsFit ? YearMonth.of(year, month) : null;
        }
        return OLD_STYLE.matcher(s).matches() ? YearMonth.of(1991, 8) : null;
    }

    /** A problem with the reference's arXiv identifier, or null. */
    static Resolution problems(Reference ref, YearMonth now) {
        if (ref.arxivId == null) {
            return null;
        }
        YearMonth submitted = submitted(ref.arxivId);
        if (submitted == null) {
            return new Resolution(ref, CitationStatus.NOT_FOUND, null, java.util.List.of("arxiv"), 0.9,
                    "\"" + ref.arxivId + "\" is not a valid arXiv identifier (YYMM.NNNNN)");
        }
        if (submitted.isAfter(now)) {
            return new Resolution(ref, CitationStatus.NOT_FOUND, null, java.util.List.of("arxiv"), 0.95,
                    "arXiv identifier " + ref.arxivId + " would be submitted in " + submitted + ", in the future");
        }
        if (ref.year != null && submitted.getYear() > ref.year + 1) {
            return new Resolution(ref, CitationStatus.MISMATCH, null, java.util.List.of("year"), 0.8,
                    "arXiv identifier " + ref.arxivId + " was first submitted in " + submitted + ", cited as " + ref.year);
        }
        return null;
    }
}
