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
 * attribute as the maximum over the whole text and its sentences (a toxic sentence must not be diluted by a long
 * harmless answer), and reports the sentences that drove the highest score as evidence spans.
 */
public class ToxicityScorer implements BatchScorer {
    private final ToxicityModel model;
    private final boolean includePrompt;
    private final int maxSentences;
    private final int maxSpans;

    public ToxicityScorer(ToxicityModel model, boolean includePrompt, int maxSentences) {
        this.model = model;
        this.includePrompt = includePrompt;
        this.maxSentences = maxSentences;
        this.maxSpans = 3;
    }

    @Override
    public String id() {
        return ToxicityPlugin.ID;
    }

    private record Piece(int event, int begin, int end, boolean whole) {}

    @Override
    public List<ScorerResult> score(List<GeneratedContent> events) throws Exception {
        List<String> texts = new ArrayList<>();
        List<Piece> pieces = new ArrayList<>();
        for (int e = 0; e < events.size(); e++) {
            String completion = events.get(e).getCompletion();
            texts.add(completion);
            pieces.add(new Piece(e, 0, completion.length(), true));
            List<Sentences.Span> sentences = Sentences.split(completion, maxSentences);
            if (sentences.size() > 1) {
                for (Sentences.Span s : sentences) {
                    texts.add(s.of(completion));
                    pieces.add(new Piece(e, s.begin(), s.end(), false));
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
            // Evidence spans are sentences; the whole text stands in only when it is a single sentence.
            boolean singleSentence = row + 1 >= pieces.size() || pieces.get(row + 1).event != p.event || pieces.get(row + 1).begin < 0;
            if (p.begin >= 0 && (!p.whole || singleSentence)) {
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
                attrs.put("top_attribute", attributes.get(top));
                attrs.put("top_score", String.format(java.util.Locale.ROOT, "%.3f", probabilities[rows.get(i)][top]));
                String text = completion.substring(p.begin, p.end);
                evidence.add(ScorerResults.evidence("span", p.begin, p.end,
                        text.length() > 300 ? text.substring(0, 300) + "…" : text, attrs));
                if (p.whole) {
                    break;
                }
            }
            results.add(ScorerResults.ok(id(), scores, evidence));
        }
        return results;
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
