package io.moderationstream.scoring.protected_material;

import io.moderationstream.avro.Evidence;
import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.scoring.BatchScorer;
import io.moderationstream.scoring.ScorerResults;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The protected-material branch: per completion, the share of it that reproduces protected documents
 * ({@code coverage}), the longest copy ({@code longest_match_chars}) and one evidence span per copy with the document's
 * id and title. The index is the process's shared, memory-mapped copy ({@link SharedIndexes}).
 */
public final class ProtectedMaterialScorer implements BatchScorer {
    static final String MATCH_EVIDENCE = "protected_match";

    private final ProtectedMaterialConfig config;
    private final ProtectedIndex index;
    private final ProtectedMatcher matcher;
    private Counter textsWithMatches;
    private Counter matchesFound;

    public ProtectedMaterialScorer(ProtectedMaterialConfig config) throws java.io.IOException {
        this.config = config;
        this.index = SharedIndexes.acquire(config.indexDir);
        this.matcher = new ProtectedMatcher(index, config.maxChars);
    }

    @Override
    public String id() {
        return ProtectedMaterialPlugin.ID;
    }

    @Override
    public void registerMetrics(MetricGroup group) {
        textsWithMatches = group.counter("textsWithProtectedMaterial");
        matchesFound = group.counter("protectedMatches");
        group.gauge("indexDocuments", index::documentCount);
    }

    @Override
    public List<ScorerResult> score(List<GeneratedContent> events) {
        List<ScorerResult> out = new ArrayList<>(events.size());
        for (GeneratedContent event : events) {
            out.add(score(event.getCompletion()));
        }
        return out;
    }

    ScorerResult score(String completion) {
        ProtectedMatcher.Result r = matcher.check(completion);
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("coverage", r.coverage());
        scores.put("longest_match_chars", (double) r.longestMatchChars());
        scores.put("matches", (double) r.matches().size());
        List<Evidence> evidence = new ArrayList<>();
        for (ProtectedMatcher.Match m : r.matches().subList(0, Math.min(config.maxMatches, r.matches().size()))) {
            Map<String, String> attributes = new LinkedHashMap<>();
            if (m.document() >= 0) {
                ProtectedIndex.Document d = index.document(m.document());
                attributes.put("source_id", d.id());
                attributes.put("title", d.title());
            } else {
                attributes.put("source_id", "");
                attributes.put("title", "several protected documents");
            }
            attributes.put("kind", m.kind().name());
            attributes.put("chars", Integer.toString(m.chars()));
            int cut = Math.min(m.end(), m.begin() + config.evidenceChars);
            if (cut < m.end() && Character.isHighSurrogate(completion.charAt(cut - 1))) {
                cut--;
            }
            String excerpt = completion.substring(m.begin(), cut);
            evidence.add(ScorerResults.evidence(MATCH_EVIDENCE, m.begin(), m.end(), excerpt, attributes));
        }
        if (r.truncated()) {
            scores.put("checked_chars", (double) r.checkedChars());
        }
        if (r.detected() && textsWithMatches != null) {
            textsWithMatches.inc();
            matchesFound.inc(r.matches().size());
        }
        return ScorerResults.ok(ProtectedMaterialPlugin.ID, scores, evidence);
    }

    @Override
    public void close() {
        SharedIndexes.release(config.indexDir);
    }
}
