package io.moderationstream.scoring.toxicity;

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
 * The toxicity branch: runs the model once per micro-batch over every event's text and its sentences, scores each
 * attribute as the maximum over its pieces (a toxic sentence must not be diluted by a long harmless answer), and reports
 * the sentences that drove the highest score as evidence spans. How the pieces combine is {@link TextScoring}: the
 * whole text and each sentence alone ({@code MAX}), or each sentence judged in its context ({@code CONTEXT}).
 */
public class ToxicityScorer implements BatchScorer {
    private final ToxicityModel model;
    private final boolean includePrompt;
    private final int maxSentences;
    private final int maxSpans;
    private final TextScoring textScoring;

    /** A sentence scoring at least this alone is scored again with its neighbours ({@code CONTEXT}). */
    static final float SUSPICIOUS = 0.3f;

    public ToxicityScorer(ToxicityModel model, boolean includePrompt, int maxSentences) {
        this(model, includePrompt, maxSentences, TextScoring.MAX);
    }

    public ToxicityScorer(ToxicityModel model, boolean includePrompt, int maxSentences, TextScoring textScoring) {
        this.model = model;
        this.includePrompt = includePrompt;
        this.maxSentences = maxSentences;
        this.maxSpans = 3;
        this.textScoring = textScoring;
    }

    @Override
    public String id() {
        return ToxicityPlugin.ID;
    }

    /** A scored piece of an event's text; for a sentence, the span of it with its neighbours (its context). */
    private record Piece(int event, int begin, int end, boolean whole, int contextBegin, int contextEnd) {
        Piece(int event, int begin, int end, boolean whole) {
            this(event, begin, end, whole, begin, end);
        }
    }

    @Override
    public List<ScorerResult> score(List<GeneratedContent> events) throws Exception {
        List<String> texts = new ArrayList<>();
        List<Piece> pieces = new ArrayList<>();
        for (int e = 0; e < events.size(); e++) {
            String completion = events.get(e).getCompletion();
            List<Sentences.Span> sentences = Sentences.split(completion, maxSentences);
            // In context, a text of several sentences is judged sentence by sentence: the whole text, truncated to
            // the model's window, is what flagged most long harmless answers.
            if (textScoring == TextScoring.MAX || sentences.size() <= 1) {
                texts.add(completion);
                pieces.add(new Piece(e, 0, completion.length(), true));
            }
            if (sentences.size() > 1) {
                for (int k = 0; k < sentences.size(); k++) {
                    Sentences.Span s = sentences.get(k);
                    texts.add(s.of(completion));
                    pieces.add(new Piece(e, s.begin(), s.end(), false, sentences.get(Math.max(0, k - 1)).begin(),
                            sentences.get(Math.min(sentences.size() - 1, k + 1)).end()));
                }
            }
            String prompt = events.get(e).getPrompt();
            if (includePrompt && prompt != null && !prompt.isBlank()) {
                texts.add(prompt);
                pieces.add(new Piece(e, -1, -1, false));
            }
        }
        float[][] probabilities = model.predict(texts);
        List<String> attributes = model.attributes();
        int toxicityIndex = Math.max(0, attributes.indexOf("toxicity"));
        if (textScoring == TextScoring.CONTEXT) {
            judgeInContext(events, pieces, probabilities, toxicityIndex);
        }
        double[][] best = new double[events.size()][attributes.size()];
        List<List<Integer>> sentenceRows = new ArrayList<>();
        for (int e = 0; e < events.size(); e++) {
            sentenceRows.add(new ArrayList<>());
        }
        for (int row = 0; row < pieces.size(); row++) {
            Piece p = pieces.get(row);
            for (int a = 0; a < attributes.size(); a++) {
                best[p.event][a] = Math.max(best[p.event][a], probabilities[row][a]);
            }
            // Evidence candidates: every scored piece of the completion (sentences and the whole text), so that the top
            // span is the piece whose score set the decision.
            if (p.begin >= 0) {
                sentenceRows.get(p.event).add(row);
            }
        }
        List<ScorerResult> results = new ArrayList<>(events.size());
        for (int e = 0; e < events.size(); e++) {
            Map<String, Double> scores = new LinkedHashMap<>();
            for (int a = 0; a < attributes.size(); a++) {
                scores.put(attributes.get(a), best[e][a]);
            }
            List<Evidence> evidence = new ArrayList<>();
            List<Integer> rows = sentenceRows.get(e);
            rows.sort((x, y) -> Float.compare(probabilities[y][toxicityIndex], probabilities[x][toxicityIndex]));
            String completion = events.get(e).getCompletion();
            for (int i = 0; i < rows.size() && evidence.size() < maxSpans; i++) {
                Piece p = pieces.get(rows.get(i));
                float toxicity = probabilities[rows.get(i)][toxicityIndex];
                if (toxicity < 0.3 && !evidence.isEmpty()) {
                    break;
                }
                int top = argMax(probabilities[rows.get(i)]);
                Map<String, String> attrs = new LinkedHashMap<>();
                attrs.put("toxicity", String.format(java.util.Locale.ROOT, "%.3f", toxicity));
                attrs.put("piece", p.whole ? "whole_text" : textScoring == TextScoring.CONTEXT ? "sentence_in_context" : "sentence");
                attrs.put("top_attribute", attributes.get(top));
                attrs.put("top_score", String.format(java.util.Locale.ROOT, "%.3f", probabilities[rows.get(i)][top]));
                String text = completion.substring(p.begin, p.end);
                evidence.add(ScorerResults.evidence("span", p.begin, p.end,
                        text.length() > 300 ? text.substring(0, 300) + "…" : text, attrs));

            }
            results.add(ScorerResults.ok(id(), scores, evidence));
        }
        return results;
    }

    /**
     * A sentence that looks toxic alone is scored again with the sentences around it, and counts with the lower of the
     * two: harmless sentences that read as toxic out of context (a neutral mention of a religion, a quoted slur being
     * condemned) drop, a toxic sentence stays toxic among harmless neighbours.
     */
    private void judgeInContext(List<GeneratedContent> events, List<Piece> pieces, float[][] probabilities, int toxicityIndex)
            throws Exception {
        List<Integer> rows = new ArrayList<>();
        List<String> windows = new ArrayList<>();
        for (int row = 0; row < pieces.size(); row++) {
            Piece p = pieces.get(row);
            boolean sentence = !p.whole && p.begin >= 0 && (p.contextBegin < p.begin || p.contextEnd > p.end);
            if (sentence && probabilities[row][toxicityIndex] >= SUSPICIOUS) {
                rows.add(row);
                windows.add(events.get(p.event).getCompletion().substring(p.contextBegin, p.contextEnd));
            }
        }
        if (windows.isEmpty()) {
            return;
        }
        float[][] inContext = model.predict(windows);
        for (int i = 0; i < rows.size(); i++) {
            float[] alone = probabilities[rows.get(i)];
            for (int a = 0; a < alone.length; a++) {
                alone[a] = Math.min(alone[a], inContext[i][a]);
            }
        }
    }

    private static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public void close() throws Exception {
        model.close();
    }
}
