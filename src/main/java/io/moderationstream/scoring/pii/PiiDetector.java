package io.moderationstream.scoring.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds personal data and secrets in a text: every recognizer's validated candidates, scored by their context, the
 * tenant's allow-list applied, overlaps resolved in favour of the more confident (then longer) finding. Thread-safe
 * once built; the scorer, {@code pii scan} and {@code evaluate pii} share it.
 */
public final class PiiDetector {
    private static final Comparator<PiiEntity> STRONGEST_FIRST = Comparator.comparingDouble(PiiEntity::score).reversed()
            .thenComparing(Comparator.comparingInt(PiiEntity::length).reversed())
            .thenComparingInt(PiiEntity::begin);

    private final List<Recognizer> recognizers;
    private final ContextWords context = new ContextWords();
    private final double threshold;
    private final int maxEntities;
    private final Map<String, Set<String>> allowList = new java.util.HashMap<>();

    public PiiDetector(PiiScorerConfig config) {
        recognizers = List.of(new EmailRecognizer(), new CreditCardRecognizer(), new IbanRecognizer(), new SsnRecognizer(),
                new IpAddressRecognizer(), new PhoneRecognizer(config.regions), new CryptoWalletRecognizer(), new SecretRules());
        threshold = config.reportThreshold;
        maxEntities = config.maxEntities;
        config.allowList.forEach((tenant, values) -> {
            Set<String> set = new HashSet<>();
            values.forEach(v -> set.add(normalise(v)));
            allowList.put(tenant, set);
        });
    }

    /** The values found in {@code text}, in text order, none overlapping, each at or above the report threshold. */
    public List<PiiEntity> detect(String text, String tenant) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        ContextWords.Hits hits = context.scan(text);
        List<PiiEntity> candidates = new ArrayList<>();
        for (Recognizer r : recognizers) {
            r.find(text, hits, candidates);
        }
        candidates.removeIf(e -> e.score() < threshold || allowed(text.substring(e.begin(), e.end()), tenant));
        candidates.sort(STRONGEST_FIRST);
        List<PiiEntity> kept = new ArrayList<>();
        for (PiiEntity c : candidates) {
            if (kept.size() >= maxEntities) {
                break;
            }
            if (kept.stream().noneMatch(c::overlaps)) {
                kept.add(c);
            }
        }
        kept.sort(Comparator.comparingInt(PiiEntity::begin));
        return kept;
    }

    private boolean allowed(String value, String tenant) {
        String v = normalise(value);
        Set<String> everyone = allowList.get("*");
        Set<String> own = tenant == null ? null : allowList.get(tenant);
        return (everyone != null && everyone.contains(v)) || (own != null && own.contains(v));
    }

    /** Allow-list entries match whatever the case and the spacing ("4242 4242 ..." and "4242-4242-..."). */
    private static String normalise(String value) {
        return value.toLowerCase(Locale.ROOT).replaceAll("[\\s-]", "");
    }
}
