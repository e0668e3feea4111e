package io.moderationstream.scoring.citations;

import java.util.List;

/** The verdict on one reference: status, the best matching record (if any), fields that disagree, and confidence. */
public record Resolution(Reference reference, CitationStatus status, PaperRecord match, List<String> mismatchedFields,
                         double confidence, String explanation) {
}
