package io.moderationstream.scoring.citations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds references in generated text: reference-list entries ("[1] A. Author, B. Author. Title. Venue, 2017."),
 * DOIs, arXiv ids and author-year mentions ("Vaswani et al. (2017)"). Every pattern uses possessive or bounded
 * quantifiers and lines are length-capped, so extraction stays linear on hostile input.
 */
public final class ReferenceExtractor {
    static final Pattern DOI = Pattern.compile("\\b(10\\.\\d{4,9}/[^\\s\"'<>{}]{1,200}+)");
    static final Pattern ARXIV = Pattern.compile(
            "(?i)\\barxiv(?:\\.org/(?:abs|pdf)/|:[ ]?|[ ](?:preprint[ ])?(?:arxiv:)?)(\\d{4}\\.\\d{4,5}+|[a-z-]{2,20}+(?:\\.[a-z]{2})?/\\d{7})(?:v\\d{1,3}+)?");
    static final Pattern AUTHOR_YEAR = Pattern.compile(
            "\\b(\\p{Lu}[\\p{L}'’-]{1,40}+)(?:[ ]+et[ ]+al\\.?+|[ ]+(?:and|&)[ ]+(\\p{Lu}[\\p{L}'’-]{1,40}+))?+,?+[ ]?+\\(?+((?:19|20)\\d\\d)[a-z]?+\\)?+");
    public static final Pattern YEAR = Pattern.compile("\\b((?:19|20)\\d\\d)[a-z]?\\b");
    static final Pattern ENTRY_MARKER = Pattern.compile("^\\s{0,8}+(?:\\[\\d{1,4}+\\]|\\d{1,4}+[.)]|[-*•–])\\s++");
    static final Pattern QUOTED_TITLE = Pattern.compile("[\"“]([^\"“”]{8,400}+)[\"”]");
    static final Pattern APA_YEAR = Pattern.compile("\\(((?:19|20)\\d\\d)[a-z]?\\)\\.?+");
    private static final int MAX_LINE = 1500;
    private static final int MAX_REFERENCES = 500;

    private final BibtexReferences bibtex = new BibtexReferences();

    public List<Reference> extract(String text) {
        List<Reference> found = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return found;
        }
        boolean[] covered = new boolean[text.length()];
        for (Reference r : bibtex.extract(text)) {
            add(found, covered, r);
        }
        int lineStart = 0;
        while (lineStart < text.length() && found.size() < MAX_REFERENCES) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            if (lineEnd - lineStart <= MAX_LINE && free(covered, lineStart, lineEnd)) {
                Reference entry = parseEntry(text.substring(lineStart, lineEnd), lineStart);
                if (entry != null) {
                    add(found, covered, entry);
                }
            }
            lineStart = lineEnd + 1;
        }
        findIdentifiers(text, covered, found);
        findAuthorYear(text, covered, found);
        found.sort((a, b) -> Integer.compare(a.begin, b.begin));
        return found;
    }

    /**
     * No part of the span belongs to a reference found already: a BibTeX entry that starts mid-line, or a DOI inside
     * a reference-list entry, must not be counted a second time (found by ExtractorFuzzTest).
     */
    private static boolean free(boolean[] covered, int begin, int end) {
        for (int i = begin; i < end && i < covered.length; i++) {
            if (covered[i]) {
                return false;
            }
        }
        return true;
    }

    private static void add(List<Reference> found, boolean[] covered, Reference r) {
        if (found.size() >= MAX_REFERENCES) {
            return;
        }
        found.add(r);
        for (int i = r.begin; i < r.end && i < covered.length; i++) {
            covered[i] = true;
        }
    }

    private void findIdentifiers(String text, boolean[] covered, List<Reference> found) {
        Matcher doi = DOI.matcher(text);
        while (doi.find() && found.size() < MAX_REFERENCES) {
            if (!free(covered, doi.start(), doi.end())) {
                continue;
            }
            Reference r = new Reference(Reference.Kind.DOI, doi.start(), doi.end(), doi.group());
            r.doi = cleanDoi(doi.group(1));
            add(found, covered, r);
        }
        Matcher arxiv = ARXIV.matcher(text);
        while (arxiv.find() && found.size() < MAX_REFERENCES) {
            if (!free(covered, arxiv.start(), arxiv.end())) {
                continue;
            }
            Reference r = new Reference(Reference.Kind.ARXIV, arxiv.start(), arxiv.end(), arxiv.group());
            r.arxivId = arxiv.group(1).toLowerCase(Locale.ROOT);
            add(found, covered, r);
        }
    }

    private void findAuthorYear(String text, boolean[] covered, List<Reference> found) {
        Matcher m = AUTHOR_YEAR.matcher(text);
        while (m.find() && found.size() < MAX_REFERENCES) {
            if (!free(covered, m.start(), m.end())) {
                continue;
            }
            String matched = m.group();
            // "In 2017" or "Since 2019" are not citations: require et al., a co-author, or a parenthesised year.
            boolean citationShaped = matched.contains("et al") || m.group(2) != null || matched.contains("(");
            if (!citationShaped || STOP_WORDS.contains(m.group(1).toLowerCase(Locale.ROOT))) {
                continue;
            }
            Reference r = new Reference(Reference.Kind.AUTHOR_YEAR, m.start(), m.end(), matched);
            r.authorsTruncated = matched.contains("et al");
            r.authors.add(m.group(1));
            if (m.group(2) != null) {
                r.authors.add(m.group(2));
            }
            r.year = Integer.parseInt(m.group(3));
            add(found, covered, r);
        }
    }

    private static final java.util.Set<String> STOP_WORDS = java.util.Set.of(
            "in", "since", "by", "from", "until", "the", "during", "after", "before", "of", "on", "at", "for", "and",
            "as", "to", "january", "february", "march", "april", "may", "june", "july", "august", "september",
            "october", "november", "december", "summer", "winter", "spring", "autumn", "fall", "around", "about",
            "circa", "early", "late", "mid", "year", "copyright", "version", "figure", "table", "section", "page");

    /** Parses one line as a reference-list entry, or returns null when it does not look like one. */
    static Reference parseEntry(String line, int offset) {
        Matcher marker = ENTRY_MARKER.matcher(line);
        boolean hasMarker = marker.find();
        String body = hasMarker ? line.substring(marker.end()) : line;
        Matcher year = YEAR.matcher(body);
        Integer lastYear = null;
        while (year.find()) {
            lastYear = Integer.parseInt(year.group(1));
        }
        // Chat answers list sources without years ("[1] Claude E. Shannon, \"A Mathematical Theory of Communication.\""):
        // a numbered or bulleted line may lack one, a free-standing line may not.
        if (body.length() < 25 || (lastYear == null && !hasMarker)) {
            return null;
        }
        String title = null;
        String authorsPart = null;
        String venue = null;
        Matcher quoted = QUOTED_TITLE.matcher(body);
        Matcher apa = APA_YEAR.matcher(body);
        boolean quotedTitle = quoted.find();
        if (quotedTitle) {
            title = quoted.group(1).replaceAll("[,.]$", "").trim();
            authorsPart = body.substring(0, quoted.start());
            venue = body.substring(quoted.end());
        } else if (apa.find() && apa.start() > 2) {
            authorsPart = body.substring(0, apa.start());
            List<String> rest = splitSentences(body.substring(apa.end()));
            if (!rest.isEmpty()) {
                title = rest.get(0);
            }
            if (rest.size() > 1) {
                venue = rest.get(1);
            }
        } else {
            List<String> parts = splitSentences(body);
            if (parts.size() < 2) {
                return null;
            }
            authorsPart = parts.get(0);
            title = parts.get(1);
            if (parts.size() > 2) {
                venue = parts.get(2);
            }
        }
        if (title == null || title.split("\\s+").length < 3) {
            return null;
        }
        List<String> authors = splitAuthors(authorsPart);
        if (authors.isEmpty() && !hasMarker) {
            return null;
        }
        if (lastYear == null && (authors.isEmpty() || !onlyNames(authorsPart) || (!quotedTitle && !sentenceCased(title)))) {
            // Without a year, only an entry that is plainly authors then a title: a bullet point of prose is not one.
            return null;
        }
        Reference r = new Reference(Reference.Kind.REFERENCE_ENTRY, offset, offset + line.length(), line.trim());
        r.title = title.trim();
        r.authors.addAll(authors);
        r.authorsTruncated = authorsPart != null && (authorsPart.contains("et al") || authorsPart.contains("others"));
        r.year = lastYear;
        r.venue = venue == null ? null : venue.replaceAll("^\\s*(?:[Ii]n:?\\s+)", "").trim();
        Matcher doi = DOI.matcher(body);
        if (doi.find()) {
            r.doi = cleanDoi(doi.group(1));
        }
        Matcher arxiv = ARXIV.matcher(body);
        if (arxiv.find()) {
            r.arxivId = arxiv.group(1).toLowerCase(Locale.ROOT);
        }
        return r;
    }

    /** Splits at ". " boundaries that do not end an initial ("A. Vaswani") or a common abbreviation. */
    static List<String> splitSentences(String text) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == '.' || c == '?' || c == '!') && (i + 1 == text.length() || text.charAt(i + 1) == ' ')) {
                int wordStart = i;
                while (wordStart > start && Character.isLetter(text.charAt(wordStart - 1))) {
                    wordStart--;
                }
                int wordLength = i - wordStart;
                String word = text.substring(wordStart, i);
                boolean initial = wordLength == 1 && Character.isUpperCase(text.charAt(wordStart));
                boolean abbreviation = word.equals("al") || word.equals("et") || word.equals("Proc") || word.equals("Conf")
                        || word.equals("vs") || word.equals("eds") || word.equals("ed") || word.equals("pp") || word.equals("vol")
                        || word.equals("No") || word.equals("Vol") || word.equals("Int") || word.equals("Assoc");
                if (!initial && !abbreviation) {
                    String part = text.substring(start, i).trim();
                    if (!part.isEmpty()) {
                        parts.add(part);
                    }
                    start = i + 1;
                }
            }
        }
        String tail = text.substring(Math.min(start, text.length())).trim();
        if (!tail.isEmpty()) {
            parts.add(tail);
        }
        return parts;
    }

    /** Every comma-separated piece before the title is a person's name (and at least one is a full name). */
    static boolean onlyNames(String authorsPart) {
        String cleaned = authorsPart.replace(" and ", ", ").replace("&", ",").replace(";", ",").replace(" et al", ",");
        boolean fullName = false;
        for (String piece : cleaned.split(",")) {
            String p = piece.trim();
            if (p.isEmpty() || p.equals("others") || p.equals(".")) {
                continue;
            }
            if (!looksLikeName(p)) {
                return false;
            }
            fullName |= p.split("\\s+").length >= 2;
        }
        return fullName;
    }

    /** A title as references write one: capitalised first word, most words capitalised or all but the first lower-case. */
    static boolean sentenceCased(String title) {
        String[] words = title.trim().split("\\s+");
        return words.length >= 3 && Character.isUpperCase(words[0].codePointAt(0)) && !title.endsWith("?");
    }

    static List<String> splitAuthors(String authorsPart) {
        List<String> authors = new ArrayList<>();
        if (authorsPart == null) {
            return authors;
        }
        String cleaned = authorsPart.replace(" and ", ", ").replace("&", ",").replace(";", ",").replace(" et al", ",");
        for (String piece : cleaned.split(",")) {
            String p = piece.trim();
            if (p.isEmpty() || p.length() > 60) {
                continue;
            }
            // An APA initials piece ("A. N.") carries no surname.
            if (p.replaceAll("(\\p{Lu}\\.\\s*)+", "").trim().isEmpty()) {
                continue;
            }
            if (!looksLikeName(p)) {
                continue;
            }
            authors.add(p);
        }
        return authors;
    }

    private static final java.util.Set<String> PARTICLES = java.util.Set.of("van", "von", "de", "der", "den", "da", "di", "la", "le", "du", "del", "dos", "bin", "al");

    /** A person's name as written in references: at most five capitalised words or initials (particles allowed), no digits. */
    static boolean looksLikeName(String piece) {
        String[] words = piece.trim().split("\\s+");
        if (words.length > 5) {
            return false;
        }
        boolean capitalised = false;
        for (String w : words) {
            if (w.chars().anyMatch(Character::isDigit)) {
                return false;
            }
            if (Character.isUpperCase(w.codePointAt(0))) {
                capitalised = true;
            } else if (!PARTICLES.contains(w.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return capitalised && !STOP_WORDS.contains(words[0].toLowerCase(Locale.ROOT));
    }

    static String cleanDoi(String doi) {
        String d = doi;
        while (!d.isEmpty() && ".,;:)]".indexOf(d.charAt(d.length() - 1)) >= 0) {
            d = d.substring(0, d.length() - 1);
        }
        return d.toLowerCase(Locale.ROOT);
    }
}
