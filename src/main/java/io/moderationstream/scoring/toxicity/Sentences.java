package io.moderationstream.scoring.toxicity;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Sentence boundaries (java.text.BreakIterator) as [begin, end) offsets, trimmed of surrounding white space. */
public final class Sentences {
    private Sentences() {}

    public record Span(int begin, int end) {
        public String of(String text) {
            return text.substring(begin, end);
        }
    }

    public static List<Span> split(String text, int maxSentences) {
        List<Span> spans = new ArrayList<>();
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
        it.setText(text);
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            int b = start;
            int e = end;
            while (b < e && Character.isWhitespace(text.charAt(b))) {
                b++;
            }
            while (e > b && Character.isWhitespace(text.charAt(e - 1))) {
                e--;
            }
            if (e > b) {
                spans.add(new Span(b, e));
            }
        }
        // Too many sentences: merge neighbours so that the model sees at most maxSentences pieces.
        while (spans.size() > maxSentences) {
            List<Span> merged = new ArrayList<>((spans.size() + 1) / 2);
            for (int i = 0; i < spans.size(); i += 2) {
                Span a = spans.get(i);
                Span b = i + 1 < spans.size() ? spans.get(i + 1) : a;
                merged.add(new Span(a.begin(), b.end()));
            }
            spans = merged;
        }
        return spans;
    }
}
