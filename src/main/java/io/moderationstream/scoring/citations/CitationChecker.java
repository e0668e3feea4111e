package io.moderationstream.scoring.citations;

import io.moderationstream.avro.Evidence;
import io.moderationstream.avro.ScorerResult;

import io.moderationstream.scoring.ScorerResults;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The one path from text to a citations result: extract the references, cap them at {@code maxReferences}, resolve
 * each (locally, or with remote look-ups), summarise. Both citation scorers, the batched and the asynchronous one,
 * and the command-line tools go through it.
 */
public final class CitationChecker {
    private final ReferenceExtractor extractor = new ReferenceExtractor();
    private final int maxReferences;

    public CitationChecker(int maxReferences) {
        this.maxReferences = maxReferences;
    }

    /** Resolves each reference in the text (at most {@code maxReferences}) with a synchronous resolver. */
    public ScorerResult check(String text, Function<Reference, Resolution> resolve) {
        return checkAsync(text, ref -> CompletableFuture.completedFuture(resolve.apply(ref))).join();
    }

    /** As {@link #check}, with resolutions that may arrive later; completes once every reference is resolved. */
    public CompletableFuture<ScorerResult> checkAsync(String text, Function<Reference, CompletableFuture<Resolution>> resolve) {
        List<Reference> refs = extractor.extract(text);
        if (refs.isEmpty()) {
            return CompletableFuture.completedFuture(ScorerResults.skipped(CitationsPlugin.ID, "no references in the text"));
        }
        List<CompletableFuture<Resolution>> pending = new ArrayList<>();
        for (Reference ref : refs.subList(0, Math.min(refs.size(), maxReferences))) {
            pending.add(resolve.apply(ref));
        }
        return CompletableFuture.allOf(pending.toArray(new CompletableFuture[0])).thenApply(ignored -> {
            List<Resolution> resolutions = new ArrayList<>(pending.size());
            pending.forEach(f -> resolutions.add(f.join()));
            return summarize(refs.size(), resolutions);
        });
    }

    /** The resolutions alone (for {@code citations check} and {@code evaluate citations}). */
    public List<Resolution> resolutions(String text, Function<Reference, Resolution> resolve) {
        List<Reference> refs = extractor.extract(text);
        List<Resolution> resolutions = new ArrayList<>();
        for (Reference ref : refs.subList(0, Math.min(refs.size(), maxReferences))) {
            resolutions.add(resolve.apply(ref));
        }
        return resolutions;
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
            scores.put(s.name().toLowerCase(Locale.ROOT), (double) counts.getOrDefault(s, 0));
        }
        return ScorerResults.ok(CitationsPlugin.ID, scores, evidence);
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
        attributes.put("confidence", String.format(Locale.ROOT, "%.2f", r.confidence()));
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
}
