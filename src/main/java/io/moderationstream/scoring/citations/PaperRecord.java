package io.moderationstream.scoring.citations;

import java.io.Serializable;
import java.util.List;

/** A paper of the verified citation database. */
public record PaperRecord(String id, String title, List<String> authors, Integer year, String venue, String doi, String arxivId)
        implements Serializable {
}
