package io.moderationstream.scoring.pii;

import io.moderationstream.avro.Evidence;
import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.scoring.BatchScorer;
import io.moderationstream.scoring.ScorerResults;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The privacy branch: each completion's personal data and secrets as evidence that holds type, offsets, confidence
 * and a masked preview — never the value — and, when anything was found, the completion with every value replaced by
 * {@code <TYPE>} (for the policy's REDACT; not published in the verdict's results).
 */
public final class PiiScorer implements BatchScorer {
    static final String PII_EVIDENCE = "pii";
    static final String REDACTED_EVIDENCE = "redacted_completion";

    private final PiiDetector detector;
    private final Map<PiiType, Counter> found = new EnumMap<>(PiiType.class);
    private Counter textsWithPii;

    public PiiScorer(PiiScorerConfig config) {
        this.detector = new PiiDetector(config);
    }

    @Override
    public String id() {
        return PiiPlugin.ID;
    }

    /** Counts per type: the type is the only label, so no metric carries a value. */
    @Override
    public void registerMetrics(MetricGroup group) {
        textsWithPii = group.counter("textsWithPii");
        for (PiiType type : PiiType.values()) {
            found.put(type, group.addGroup("pii_type", type.name()).counter("entitiesFound"));
        }
    }

    @Override
    public List<ScorerResult> score(List<GeneratedContent> events) {
        List<ScorerResult> out = new ArrayList<>(events.size());
        for (GeneratedContent event : events) {
            out.add(score(event.getCompletion(), event.getTenantId()));
        }
        return out;
    }

    ScorerResult score(String completion, String tenant) {
        List<PiiEntity> entities = detector.detect(completion, tenant);
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("entities", (double) entities.size());
        List<Evidence> evidence = new ArrayList<>(entities.size() + 1);
        for (PiiEntity e : entities) {
            scores.merge(e.type().name().toLowerCase(Locale.ROOT), e.score(), Math::max);
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("type", e.type().name());
            attributes.put("score", String.format(Locale.ROOT, "%.2f", e.score()));
            if (e.rule() != null) {
                attributes.put("rule", e.rule());
            }
            evidence.add(ScorerResults.evidence(PII_EVIDENCE, e.begin(), e.end(),
                    Masking.preview(e.type(), completion.substring(e.begin(), e.end())), attributes));
            Counter c = found.get(e.type());
            if (c != null) {
                c.inc();
            }
        }
        if (!entities.isEmpty()) {
            evidence.add(ScorerResults.evidence(REDACTED_EVIDENCE, null, null, Masking.redact(completion, entities), null));
            if (textsWithPii != null) {
                textsWithPii.inc();
            }
        }
        return ScorerResults.ok(PiiPlugin.ID, scores, evidence);
    }
}
