package io.moderationstream.scoring.citations;

import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.scoring.BatchScorer;

import java.util.ArrayList;
import java.util.List;

/**
 * The citations branch on the local index: scores each event by its most suspicious reference
 * ({@code fabricated_citation}: 0 when all verify, high for NOT_FOUND or MISMATCH).
 */
public class CitationScorer implements BatchScorer {
    private final CitationResolver resolver;
    private final CitationChecker checker;

    public CitationScorer(CitationResolver resolver, int maxReferences) {
        this.resolver = resolver;
        this.checker = new CitationChecker(maxReferences);
    }

    @Override
    public String id() {
        return CitationsPlugin.ID;
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
        return checker.resolutions(text, resolver::resolve);
    }

    ScorerResult scoreText(String text) {
        return checker.check(text, resolver::resolve);
    }

    @Override
    public void close() throws Exception {
        resolver.close();
    }
}
