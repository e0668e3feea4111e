package io.moderationstream.scoring.citations;

import io.moderationstream.avro.Evidence;
import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.scoring.Scorer;
import io.moderationstream.scoring.ScorerName;
import io.moderationstream.scoring.ScorerResults;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The citations branch: extracts references from the completion, resolves each, and scores the event by its most
 * suspicious reference ({@code fabricated_citation}: 0 when all verify, high for NOT_FOUND or MISMATCH).
 */
public class CitationScorer implements Scorer {
    private final ReferenceExtractor extractor = new ReferenceExtractor();
    private final CitationResolver resolver;
    private final int maxReferences;

    public CitationScorer(CitationResolver resolver, int maxReferences) {
        this.resolver = resolver;
        this.maxReferences = maxReferences;
    }

    @Override
    public ScorerName name() {
        return ScorerName.CITATIONS;
    }

    @Override
    public List<ScorerResult> score(List<GeneratedContent> events) {
        List<ScorerResult> results = new ArrayList<>(events.size());
        for (GeneratedContent event : events) {
            results.add(scoreText(event.getCompletion()));
        }
        return results;
    }

    public List<Resolution> check(String text) {
        List<Resolution> resolutions = new ArrayList<>();
        for (Reference ref : extractor.extract(text)) {
            if (resolutions.size() >= maxReferences) {
                break;
            }
            resolutions.add(resolver.resolve(ref));
        }
        return resolutions;
    }

    ScorerResult scoreText(String text) {
        List<Reference> refs = extractor.extract(text);
        if (refs.isEmpty()) {
            return ScorerResults.skipped(name(), "no references in the text");
        }
        List<Resolution> resolutions = new ArrayList<>();
        for (Reference ref : refs.subList(0, Math.min(refs.size(), maxReferences))) {
            resolutions.add(resolver.resolve(ref));
        }
        return summarize(refs.size(), resolutions);
    }

    /** The branch's result: counts per status, the most suspicious reference's score, and one evidence item per reference. */
    static ScorerResult summarize(int referencesFound, List<Resolution> resolutions) {
        Map<CitationStatus, Integer> counts = new EnumMap<>(CitationStatus.class);
        List<Evidence> evidence = new ArrayList<>();
        double fabricated = 0;
        for (Resolution r : resolutions) {
            counts.merge(r.status(), 1, Integer::sum);
            fabricated = Math.max(fabricated, fabricationScore(r));
            evidence.add(toEvidence(r));
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("fabricated_citation", fabricated);
        scores.put("references", (double) referencesFound);
        for (CitationStatus s : CitationStatus.values()) {
            scores.put(s.name().toLowerCase(java.util.Locale.ROOT), (double) counts.getOrDefault(s, 0));
        }
        return ScorerResults.ok(ScorerName.CITATIONS, scores, evidence);
    }

    /** Probability-like suspicion of one reference; outages and thin evidence stay low. */
    static double fabricationScore(Resolution r) {
        return switch (r.status()) {
            case VERIFIED -> 0.0;
            case UNVERIFIABLE -> Math.min(0.3, r.confidence());
            case MISMATCH, NOT_FOUND -> r.confidence();
        };
    }

    static Evidence toEvidence(Resolution r) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("status", r.status().name());
        attributes.put("reference_kind", r.reference().kind.name());
        attributes.put("confidence", String.format(java.util.Locale.ROOT, "%.2f", r.confidence()));
        attributes.put("explanation", r.explanation());
        if (!r.mismatchedFields().isEmpty()) {
            attributes.put("mismatched_fields", String.join(",", r.mismatchedFields()));
        }
        if (r.match() != null) {
            if (r.match().id() != null) {
                attributes.put("matched_id", r.match().id());
            }
            attributes.put("matched_title", r.match().title());
            if (r.match().year() != null) {
                attributes.put("matched_year", r.match().year().toString());
            }
            attributes.put("matched_authors", String.join("; ", r.match().authors()));
        }
        String raw = r.reference().raw;
        if (raw != null && raw.length() > 300) {
            raw = raw.substring(0, 300) + "…";
        }
        return ScorerResults.evidence("citation", r.reference().begin, r.reference().end, raw, attributes);
    }

    @Override
    public void close() throws Exception {
        resolver.close();
    }
}
