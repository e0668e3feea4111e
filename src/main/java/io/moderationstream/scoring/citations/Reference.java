package io.moderationstream.scoring.citations;

import java.util.ArrayList;
import java.util.List;

/** One reference found in a text, with whatever fields could be parsed out of it. */
public class Reference {
    public enum Kind { DOI, ARXIV, AUTHOR_YEAR, REFERENCE_ENTRY, BIBTEX }

    public Kind kind;
    public int begin;
    public int end;
    public String raw;
    public String title;
    /** Author names as written; surnames are derived by {@link Names#surname}. */
    public List<String> authors = new ArrayList<>();
    /** The author list ends in "et al." / "and others": a shorter list than the real one is expected. */
    public boolean authorsTruncated;
    public Integer year;
    public String venue;
    public String doi;
    public String arxivId;

    public Reference() {}

    public Reference(Kind kind, int begin, int end, String raw) {
        this.kind = kind;
        this.begin = begin;
        this.end = end;
        this.raw = raw;
    }

    /** A reference that names nothing checkable (e.g. "Smith (2020)" alone) can only be UNVERIFIABLE. */
    public boolean hasIdentifier() {
        return doi != null || arxivId != null;
    }

    @Override
    public String toString() {
        return kind + "{" + (title != null ? "title=" + title + ", " : "") + (authors.isEmpty() ? "" : "authors=" + authors + ", ")
                + (year != null ? "year=" + year + ", " : "") + (doi != null ? "doi=" + doi + ", " : "")
                + (arxivId != null ? "arxiv=" + arxivId : "") + "}";
    }
}
