package io.moderationstream.scoring.citations;

/** The outcome of checking one reference. */
public enum CitationStatus {
    /** A database record matches; it is returned as evidence. */
    VERIFIED,
    /** A real record matches the title (or identifier) but other fields disagree; the fields are named. */
    MISMATCH,
    /** Enough information to find it, and the database covers it, yet nothing matches: likely fabricated. */
    NOT_FOUND,
    /** Too little information, outside the database's coverage, or the resolver is unavailable. */
    UNVERIFIABLE
}
