package io.moderationstream.scoring.watermark;

import io.moderationstream.avro.Evidence;
import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.scoring.BatchScorer;
import io.moderationstream.scoring.ScorerResults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The watermark branch: tries every key configured for the event's tenant and model (or the one named by
 * {@code watermark_key_id}) on the event's token ids, re-tokenizing the completion when the producer sent none, and
 * reports the strongest detection. Keys are referred to by id only.
 */
public class WatermarkScorer implements BatchScorer {
    private final WatermarkScorerConfig config;
    private final List<KeyedDetector> detectors = new ArrayList<>();
    private final Tokenizers tokenizers = new Tokenizers();

    private record KeyedDetector(WatermarkScorerConfig.Key key, WatermarkDetector detector) {}

    public WatermarkScorer(WatermarkScorerConfig config) {
        this.config = config;
        List<WatermarkScorerConfig.Key> keys = config.keys.isEmpty() ? List.of(new WatermarkScorerConfig.Key()) : config.keys;
        for (WatermarkScorerConfig.Key key : keys) {
            detectors.add(new KeyedDetector(key, new WatermarkDetector(toParams(key), config.cacheEntries)));
        }
    }

    WatermarkParams toParams(WatermarkScorerConfig.Key key) {
        WatermarkParams p = new WatermarkParams();
        p.hashingKey = key.hashingKey;
        p.seedingScheme = key.seedingScheme;
        p.contextWidth = key.contextWidth;
        p.greenlistRatio = key.greenlistRatio;
        p.vocabSize = key.vocabSize;
        p.bosTokenId = key.bosTokenId;
        p.zThreshold = config.zThreshold;
        p.exactPValue = config.exactPValue;
        p.ignoreRepeatedNgrams = config.ignoreRepeatedNgrams;
        p.windowSize = config.windowSize;
        return p;
    }

    @Override
    public String id() {
        return WatermarkPlugin.ID;
    }

    @Override
    public List<ScorerResult> score(List<GeneratedContent> events) {
        List<ScorerResult> results = new ArrayList<>(events.size());
        for (GeneratedContent event : events) {
            results.add(scoreOne(event));
        }
        return results;
    }

    private ScorerResult scoreOne(GeneratedContent event) {
        List<KeyedDetector> candidates = new ArrayList<>();
        for (KeyedDetector d : detectors) {
            boolean named = event.getWatermarkKeyId() != null;
            if (named ? d.key.id.equals(event.getWatermarkKeyId()) : d.key.appliesTo(event.getTenantId(), event.getModelId())) {
                candidates.add(d);
            }
        }
        if (candidates.isEmpty()) {
            return ScorerResults.skipped(id(), event.getWatermarkKeyId() != null
                    ? "unknown watermark_key_id " + event.getWatermarkKeyId()
                    : "no watermark key configured for tenant " + event.getTenantId() + " and model " + event.getModelId());
        }
        int[] tokens;
        String tokenSource;
        if (event.getTokenIds() != null && !event.getTokenIds().isEmpty()) {
            tokens = event.getTokenIds().stream().mapToInt(Integer::intValue).toArray();
            tokenSource = "token_ids";
        } else {
            String tokenizer = event.getTokenizer() != null ? event.getTokenizer()
                    : config.tokenizers.getOrDefault(event.getModelId(), config.tokenizers.getOrDefault("*", "gpt2"));
            tokens = tokenizers.encode(tokenizer, event.getCompletion());
            tokenSource = "retokenized:" + tokenizer;
        }
        Detection best = null;
        KeyedDetector bestKey = null;
        for (KeyedDetector candidate : candidates) {
            if (tokens.length - (tokens.length > 0 && tokens[0] == candidate.detector.params().bosTokenId ? 1 : 0)
                    < candidate.detector.minimumTokens()) {
                continue;
            }
            Detection d = candidate.detector.detect(tokens);
            if (best == null || d.zScore() > best.zScore()) {
                best = d;
                bestKey = candidate;
            }
        }
        if (best == null) {
            return ScorerResults.skipped(id(), "too few tokens to score (" + tokens.length + ")");
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("z_score", best.zScore());
        scores.put("p_value", best.pValue());
        scores.put("green_fraction", best.greenFraction());
        scores.put("num_tokens_scored", (double) best.numTokensScored());
        scores.put("num_green_tokens", (double) best.numGreenTokens());
        boolean windowDetected = !Double.isNaN(best.windowMaxZ()) && best.windowMaxZ() > config.zThreshold;
        if (!Double.isNaN(best.windowMaxZ())) {
            scores.put("window_max_z", best.windowMaxZ());
        }
        scores.put("detected", best.prediction() || windowDetected ? 1.0 : 0.0);
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("key_id", bestKey.key.id);
        attributes.put("seeding_scheme", bestKey.key.seedingScheme.name().toLowerCase(java.util.Locale.ROOT));
        attributes.put("token_source", tokenSource);
        attributes.put("keys_tried", Integer.toString(candidates.size()));
        if (best.windowStart() >= 0) {
            attributes.put("window_start_token", Integer.toString(best.windowStart()));
            attributes.put("window_end_token", Integer.toString(best.windowEnd()));
        }
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(ScorerResults.evidence("watermark", null, null, null, attributes));
        return ScorerResults.ok(id(), scores, evidence);
    }

    @Override
    public void registerMetrics(org.apache.flink.metrics.MetricGroup group) {
        group.gauge("greenListCacheHitRate", () -> {
            long hits = 0;
            long misses = 0;
            for (KeyedDetector d : detectors) {
                hits += d.detector.greenLists().cacheHits();
                misses += d.detector.greenLists().cacheMisses();
            }
            return hits + misses == 0 ? 0.0 : (double) hits / (hits + misses);
        });
    }

    @Override
    public void close() {
        tokenizers.close();
    }
}
