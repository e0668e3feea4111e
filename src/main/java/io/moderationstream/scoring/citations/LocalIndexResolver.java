package io.moderationstream.scoring.citations;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resolves references against the {@link LocalCitationIndex}: identifiers first, then the title (exact, then BM25
 * candidates re-ranked by normalised edit similarity), then author + year. A reference the database cannot speak
 * for (unknown venue, too little text) is UNVERIFIABLE rather than NOT_FOUND.
 */
public class LocalIndexResolver implements CitationResolver {
    /** Title similarity from which two titles are the same paper. */
    static final double SAME_TITLE = 0.96;
    /** Title similarity from which a title is a garbled copy of a real one. */
    static final double NEAR_TITLE = 0.75;

    private static final Pattern PLACEHOLDER_AUTHOR = Pattern.compile("(john|jane) (doe|smith)|author [a-z0-9]+|(first|second|third) author");

    private final LocalCitationIndex index;

    public LocalIndexResolver(LocalCitationIndex index) {
        this.index = index;
    }

    @Override
    public Resolution resolve(Reference ref) {
        try {
            return resolveChecked(ref);
        } catch (IOException | RuntimeException e) {
            return new Resolution(ref, CitationStatus.UNVERIFIABLE, null, List.of(), 0.0, "index unavailable: " + e.getMessage());
        }
    }

    private Resolution resolveChecked(Reference ref) throws IOException {
        Resolution intrinsic = intrinsicProblems(ref);
        if (intrinsic != null) {
            return intrinsic;
        }
        if (ref.doi != null) {
            PaperRecord byDoi = index.byDoi(ref.doi);
            if (byDoi != null && (ref.title == null
                    || titleSimilarity(Names.normalizeTitle(ref.title), Names.normalizeTitle(byDoi.title())) >= NEAR_TITLE)) {
                return compare(ref, byDoi, "doi");
            }
        }
        if (ref.arxivId != null) {
            PaperRecord byArxiv = index.byArxiv(ref.arxivId);
            if (byArxiv != null) {
                return compare(ref, byArxiv, "arxiv");
            }
        }
        String normTitle = Names.normalizeTitle(ref.title);
        if (normTitle.split(" ").length >= 3) {
            return resolveTitle(ref, normTitle);
        }
        if (ref.doi != null || ref.arxivId != null) {
            return index.coversDoi(ref.doi)
                    ? new Resolution(ref, CitationStatus.NOT_FOUND, null, List.of(), 0.8, "DOI " + ref.doi
                            + " is not in " + LocalCitationIndex.doiContainer(ref.doi) + ", which the local database holds")
                    : new Resolution(ref, CitationStatus.UNVERIFIABLE, null, List.of(), 0.2,
                    "identifier outside the local database's coverage; a remote resolver can check it");
        }
        if (ref.title != null && !ref.title.isBlank()) {
            // A title that matches nothing is not vouched for by some other paper of its first author's year.
            return new Resolution(ref, CitationStatus.UNVERIFIABLE, null, List.of(), 0.2,
                    "the title is too short to look up, and author and year alone cannot verify a titled reference");
        }
        if (!ref.authors.isEmpty() && ref.year != null) {
            String surname = Names.surname(ref.authors.get(0));
            if (index.hasAuthorYear(surname, ref.year)) {
                return new Resolution(ref, CitationStatus.VERIFIED, null, List.of(), 0.5,
                        "a paper by " + surname + " from " + ref.year + " exists (author-year only)");
            }
            return new Resolution(ref, CitationStatus.UNVERIFIABLE, null, List.of(), 0.2,
                    "author-year mention without a title: too little to call it fabricated");
        }
        return new Resolution(ref, CitationStatus.UNVERIFIABLE, null, List.of(), 0.1, "too little information");
    }

    /** Problems visible without any database: dates in the future, placeholder authors, a DOI foreign to the venue. */
    static Resolution intrinsicProblems(Reference ref) {
        int thisYear = java.time.Year.now().getValue();
        if (ref.year != null && ref.year > thisYear) {
            return new Resolution(ref, CitationStatus.NOT_FOUND, null, List.of("year"), 0.95, "publication year " + ref.year + " is in the future");
        }
        for (String author : ref.authors) {
            String a = author.toLowerCase(java.util.Locale.ROOT);
            if (a.contains("anonymous") || a.equals("author") || PLACEHOLDER_AUTHOR.matcher(a).matches()) {
                return new Resolution(ref, CitationStatus.NOT_FOUND, null, List.of("authors"), 0.9, "placeholder author \"" + author + "\"");
            }
        }
        Resolution arxiv = ArxivIds.problems(ref, java.time.YearMonth.now());
        if (arxiv != null) {
            return arxiv;
        }
        if (ref.doi != null && ref.venue != null && !Venues.doiFitsVenue(ref.doi, ref.venue)) {
            return new Resolution(ref, CitationStatus.MISMATCH, null, List.of("doi"), 0.8,
                    "DOI " + ref.doi + " is not from the publisher of " + Venues.canonical(ref.venue));
        }
        return doiContradictsVenueOrYear(ref);
    }

    /** Proceedings DOIs name their conference and year (10.1609/AAAI.V36I10... is AAAI 2022): the citation must agree. */
    static Resolution doiContradictsVenueOrYear(Reference ref) {
        Venues.DoiVenue named = Venues.fromDoi(ref.doi);
        if (named == null) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        String citedVenue = Venues.canonical(ref.venue);
        if (ref.venue != null && !named.venue().equals(citedVenue)
                && !(named.venue().equals("FINDINGS") || "FINDINGS".equals(citedVenue) || "ARXIV".equals(citedVenue))) {
            fields.add("venue");
        }
        if (ref.year != null && !YearRule.agrees(ref.year, named.year(), true)) {
            fields.add("year");
        }
        if (fields.isEmpty()) {
            return null;
        }
        return new Resolution(ref, CitationStatus.MISMATCH, null, fields, 0.8, "DOI " + ref.doi + " is a paper of "
                + named.venue() + " " + named.year() + ", cited as " + (ref.venue == null ? "" : ref.venue + " ") + ref.year);
    }

    private Resolution resolveTitle(Reference ref, String normTitle) throws IOException {
        String venue = Venues.canonical(ref.venue);
        boolean covered = index.covers(venue, ref.year) || index.coversDoi(ref.doi);
        List<PaperRecord> candidates = new ArrayList<>(index.byExactTitle(normTitle));
        if (candidates.isEmpty()) {
            // Outside coverage only the same title can decide (the near-miss rules do not apply): a stricter, faster search.
            candidates.addAll(index.searchTitle(ref.title, 5, covered ? 0.6 : 0.8));
        } else if (candidates.stream().anyMatch(c -> c.venue() == null || !Venues.isWorkshop(c.venue()))) {
            // A workshop version says little about where a paper appeared; a main-track version of it does.
            candidates.removeIf(c -> c.venue() != null && Venues.isWorkshop(c.venue()));
        }
        PaperRecord best = null;
        double bestScore = -1;
        for (PaperRecord c : candidates) {
            double sim = titleSimilarity(normTitle, Names.normalizeTitle(c.title()));
            // Prefer, among equally similar titles, the record whose authors and year agree.
            double score = sim + (sim >= SAME_TITLE && mismatches(ref, c).isEmpty() ? 0.001 : 0);
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        double sim = best == null ? 0 : titleSimilarity(normTitle, Names.normalizeTitle(best.title()));
        if (sim >= SAME_TITLE) {
            return compare(ref, best, "title");
        }
        if (!covered) {
            // A work outside what the database holds (a book, a journal, a venue or year not ingested) can resemble
            // a paper inside it by chance: "A Mathematical Theory of Communication" is not a garbled ACL title.
            return new Resolution(ref, CitationStatus.UNVERIFIABLE, null, List.of(), 0.3,
                    venue == null ? "no matching title, and the venue is unknown to the local database"
                            : "no matching title; " + venue + (ref.year == null ? " without a year" : " " + ref.year)
                            + " is outside the local database's coverage");
        }
        if (sim >= NEAR_TITLE) {
            List<String> fields = new ArrayList<>(List.of("title"));
            fields.addAll(mismatches(ref, best));
            return new Resolution(ref, CitationStatus.MISMATCH, best, fields, 0.5 + 0.1 * (fields.size() - 1),
                    String.format("closest real title differs (similarity %.2f)", sim));
        }
        PaperRecord namesake = sameSystemName(ref.title, candidates);
        if (namesake != null) {
            List<String> fields = new ArrayList<>(List.of("title"));
            fields.addAll(mismatches(ref, namesake));
            return new Resolution(ref, CitationStatus.MISMATCH, namesake, fields, 0.5 + 0.1 * (fields.size() - 1),
                    "the name before the colon is a real paper's, the rest of the title is not");
        }
        if ((ref.doi != null && !index.coversDoi(ref.doi)) || ref.arxivId != null) {
            // The reference names an identifier from outside what the database holds (an arXiv preprint, a special
            // track's volume): the work may well exist there. A remote resolver can look the identifier up.
            return new Resolution(ref, CitationStatus.UNVERIFIABLE, null, List.of(), 0.4, "no paper with this title in "
                    + (venue == null ? "the database" : venue + " " + ref.year) + ", but its identifier "
                    + (ref.doi != null ? "DOI " + ref.doi : "arXiv " + ref.arxivId) + " is outside the local database; a remote resolver can check it");
        }
        return new Resolution(ref, CitationStatus.NOT_FOUND, null, List.of(), 0.9,
                "no paper with this title in " + (venue == null ? "the ACL Anthology" : venue + " " + ref.year)
                        + ", which the local database holds, or in any other venue it holds");
    }

    /**
     * A candidate whose title starts with the same name before a colon ("FreeMatch: Self-adaptive ..." for a cited
     * "FreeMatch: A simple framework ..."): LLMs keep a real system's name and invent the subtitle.
     */
    static PaperRecord sameSystemName(String title, List<PaperRecord> candidates) {
        String name = systemName(title);
        if (name == null) {
            return null;
        }
        for (PaperRecord c : candidates) {
            if (name.equals(systemName(c.title()))) {
                return c;
            }
        }
        return null;
    }

    private static String systemName(String title) {
        int colon = title == null ? -1 : title.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String name = Names.normalizeTitle(title.substring(0, colon));
        return name.length() >= 4 ? name : null;
    }

    static Resolution compare(Reference ref, PaperRecord match, String matchedBy) {
        List<String> fields = mismatches(ref, match);
        if (!matchedBy.equals("title") && ref.title != null
                && titleSimilarity(Names.normalizeTitle(ref.title), Names.normalizeTitle(match.title())) < SAME_TITLE) {
            fields.add(0, "title");
        }
        if (fields.isEmpty()) {
            return new Resolution(ref, CitationStatus.VERIFIED, match, fields, 0.95, "matched by " + matchedBy);
        }
        return new Resolution(ref, CitationStatus.MISMATCH, match, fields, Math.min(0.95, 0.6 + 0.15 * fields.size()),
                "matched by " + matchedBy + " but " + String.join(", ", fields) + " disagree");
    }

    static List<String> mismatches(Reference ref, PaperRecord match) {
        List<String> fields = new ArrayList<>();
        if (!ref.authors.isEmpty() && !match.authors().isEmpty()
                && (!authorsAgree(ref.authors, match.authors()) || mostAuthorsLeftOut(ref, match))) {
            fields.add("authors");
        }
        String citedVenue = Venues.canonical(ref.venue);
        boolean sameVenue = citedVenue != null && match.venue() != null
                && citedVenue.equals(Venues.canonical(match.venue())) && !Venues.isWorkshop(match.venue());
        if (ref.year != null && match.year() != null && !YearRule.agrees(ref.year, match.year(), sameVenue)) {
            fields.add("year");
        }
        if (ref.venue != null && match.venue() != null && (Venues.disagree(ref.venue, match.venue())
                || (citedVenue == null && Venues.canonical(match.venue()) != null && !Venues.isWorkshop(match.venue())))) {
            fields.add("venue");
        }
        // DOIs of one paper differ legitimately in format; only a DOI of another publisher is evidence.
        if (ref.doi != null && match.doi() != null && !registrant(ref.doi).equals(registrant(match.doi()))
                && !ref.doi.startsWith("10.48550/")) {
            fields.add("doi");
        }
        return fields;
    }

    /**
     * A full author list (BibTeX, no "et al.") that leaves out most of the paper's authors. A preprint's list differs
     * from the published one by an author or two, so fewer authors alone is not evidence: at least two and at least
     * half of the real authors must be missing.
     */
    static boolean mostAuthorsLeftOut(Reference ref, PaperRecord match) {
        int missing = match.authors().size() - ref.authors.size();
        return !ref.authorsTruncated && ref.kind == Reference.Kind.BIBTEX && missing >= 2 && missing * 2 >= match.authors().size();
    }

    /** When a cited year is the paper's year, as a careful reviewer reads it. */
    static final class YearRule {
        private YearRule() {}

        /**
         * A citation may carry the preprint's year (up to two years before publication; one when the cited venue is
         * the record's own, as a NeurIPS paper cited with its arXiv year) or, at another venue, the next year (a
         * journal or proceedings volume that came out later). Anything further apart is another paper's year.
         */
        static boolean agrees(int cited, int published, boolean citedAtItsOwnVenue) {
            int before = published - cited;
            return citedAtItsOwnVenue ? before >= 0 && before <= 1 : before >= -1 && before <= 2;
        }
    }

    private static String registrant(String doi) {
        int slash = doi.indexOf('/');
        return slash > 0 ? doi.substring(0, slash).toLowerCase(java.util.Locale.ROOT) : doi;
    }

    /**
     * First authors agree, most cited surnames appear among the record's authors, and no cited author has the surname
     * of a real one with another given name (LLMs keep surnames and invent first names).
     */
    static boolean authorsAgree(List<String> cited, List<String> real) {
        Map<String, List<String>> realBySurname = new HashMap<>();
        for (String a : real) {
            realBySurname.computeIfAbsent(Names.surname(a), k -> new ArrayList<>()).add(a);
        }
        String firstCited = Names.surname(cited.get(0));
        String firstReal = Names.surname(real.get(0));
        int found = 0;
        for (String author : cited) {
            List<String> namesakes = realBySurname.get(Names.surname(author));
            if (namesakes != null) {
                if (namesakes.stream().allMatch(realAuthor -> Names.givenNamesConflict(author, realAuthor))) {
                    return false;
                }
                found++;
            }
        }
        boolean firstOk = firstCited.equals(firstReal) || realBySurname.containsKey(firstCited);
        return firstOk && found >= Math.ceil(cited.size() * 0.5);
    }

    static double titleSimilarity(String a, String b) {
        if (a.equals(b)) {
            return 1.0;
        }
        int max = Math.max(a.length(), b.length());
        if (max == 0) {
            return 0;
        }
        // Bounded edit distance: anything beyond the near-title threshold is just "different" (and cheap to decide).
        int bound = (int) Math.ceil((1 - NEAR_TITLE) * max) + 1;
        if (Math.abs(a.length() - b.length()) > bound) {
            return 0;
        }
        int d = new LevenshteinDistance(bound).apply(a, b);
        return d < 0 ? 0 : 1.0 - (double) d / max;
    }

    @Override
    public void close() throws Exception {
        index.close();
    }
}
