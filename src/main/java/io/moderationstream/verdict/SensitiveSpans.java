package io.moderationstream.verdict;

import io.moderationstream.avro.Evidence;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.scoring.ScorerPlugin;
import io.moderationstream.scoring.ScorerRegistry;
import io.moderationstream.scoring.SensitiveSpan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Keeps what one scorer found sensitive out of every other scorer's evidence: a toxic sentence quoted as evidence must
 * not carry the card number the privacy scorer found in it. Each overlap is replaced by {@code <LABEL>}.
 */
final class SensitiveSpans {
    private SensitiveSpans() {}

    static void maskEvidence(Map<String, ScorerResult> results) {
        ScorerRegistry registry = ScorerRegistry.get();
        List<Owned> spans = new ArrayList<>();
        for (Map.Entry<String, ScorerResult> e : results.entrySet()) {
            ScorerPlugin<?, ?> plugin = registry.byId(e.getKey()).orElse(null);
            if (plugin != null) {
                for (SensitiveSpan s : plugin.sensitiveSpans(e.getValue())) {
                    spans.add(new Owned(e.getKey(), s));
                }
            }
        }
        if (spans.isEmpty()) {
            return;
        }
        spans.sort(Comparator.comparingInt((Owned o) -> o.span.begin()));
        for (Map.Entry<String, ScorerResult> e : results.entrySet()) {
            for (Evidence ev : e.getValue().getEvidence()) {
                if (ev.getText() != null && ev.getBegin() != null && ev.getEnd() != null) {
                    ev.setText(mask(ev.getText().toString(), ev.getBegin(), ev.getEnd(), e.getKey(), spans));
                }
            }
        }
    }

    /**
     * The evidence text (the completion from {@code begin}, possibly cut short) with every other scorer's sensitive
     * span in it replaced; a text that does not line up with its offsets is replaced whole, to be safe.
     */
    static String mask(String text, int begin, int end, String owner, List<Owned> spans) {
        StringBuilder out = new StringBuilder(text.length());
        int cursor = 0;
        for (Owned o : spans) {
            SensitiveSpan s = o.span;
            if (o.owner.equals(owner) || s.end() <= begin || s.begin() >= end) {
                continue;
            }
            if (text.length() < Math.min(end, s.end()) - begin && !text.endsWith("…")) {
                return "<" + s.label() + ">";
            }
            int from = Math.max(0, s.begin() - begin);
            int to = Math.min(text.length(), s.end() - begin);
            if (from < cursor) {
                from = cursor;
            }
            if (from >= text.length()) {
                break;
            }
            out.append(text, cursor, from).append('<').append(s.label()).append('>');
            cursor = Math.max(from, to);
        }
        out.append(text, Math.min(cursor, text.length()), text.length());
        return out.toString();
    }

    record Owned(String owner, SensitiveSpan span) {}
}
