package io.moderationstream.scoring.toxicity.offline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The long-form evaluation, from ../shared/data only: harmless long paragraphs from the held-out (test) split of
 * benign-longform (encyclopedic and tutorial prose) and of the Wikipedia talk comments, each once as it is and once with
 * one toxic sentence from a training source's test split inserted at a sentence boundary. What it measures: how often a
 * long harmless answer is flagged, and whether the one toxic sentence inside it is still caught.
 */
public final class LongFormEvaluationSet {
    /** One evaluation text: its label and groups (the prose kind, and benign / with-toxic). */
    public record Item(String text, boolean toxic, List<String> groups) {}

    private static final int MIN_TALK_CHARS = 100;

    private LongFormEvaluationSet() {}

    public static List<Item> build(Path toxicityData, int perKind, long seed) throws IOException {
        List<ToxicityDatasets.Example> all = ToxicityDatasets.load(toxicityData);
        List<String> essays = new ArrayList<>();
        List<String> talk = new ArrayList<>();
        List<String> toxicSentences = new ArrayList<>();
        for (ToxicityDatasets.Example e : all) {
            if (!TrainingSplits.isTest(e.splitKey())) {
                continue;
            }
            double toxicity = e.targets().getOrDefault("toxicity", Double.NaN);
            String text = e.text().strip();
            switch (e.source()) {
                case "benign-longform" -> essays.add(text);
                case "wiki-talk" -> {
                    if (toxicity < 0.5 && text.length() >= MIN_TALK_CHARS) {
                        talk.add(text);
                    }
                }
                default -> {
                    // Short, single-sentence, clearly toxic statements from the sources labelled by people.
                    if (toxicity >= 0.75 && text.length() >= 30 && text.length() <= 160 && !text.contains("\n")
                            && List.of("dynahate", "hatexplain", "toxic-spans", "implicit-hate", "toxigen", "stormfront").contains(e.source())) {
                        toxicSentences.add(text);
                    }
                }
            }
        }
        Random random = new Random(seed);
        Collections.shuffle(essays, random);
        Collections.shuffle(talk, random);
        Collections.shuffle(toxicSentences, random);
        List<Item> out = new ArrayList<>();
        int t = 0;
        for (var kind : List.of(new Object[] {"essay", essays}, new Object[] {"talk", talk})) {
            @SuppressWarnings("unchecked")
            List<String> texts = (List<String>) kind[1];
            for (int i = 0; i < Math.min(perKind, texts.size()) && !toxicSentences.isEmpty(); i++) {
                String text = texts.get(i);
                out.add(new Item(text, false, List.of((String) kind[0], "benign")));
                out.add(new Item(insert(text, toxicSentences.get(t++ % toxicSentences.size()), random), true,
                        List.of((String) kind[0], "with-toxic")));
            }
        }
        return out;
    }

    /** The sentence put between two sentences of the text (or at its end when it has one sentence). */
    static String insert(String text, String sentence, Random random) {
        List<Integer> boundaries = new ArrayList<>();
        for (int i = 1; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if ((c == '.' || c == '!' || c == '?') && Character.isWhitespace(text.charAt(i + 1))) {
                boundaries.add(i + 1);
            }
        }
        String s = sentence.strip();
        if (!s.endsWith(".") && !s.endsWith("!") && !s.endsWith("?")) {
            s = s + ".";
        }
        if (boundaries.isEmpty()) {
            return text + " " + s;
        }
        int at = boundaries.get(random.nextInt(boundaries.size()));
        return text.substring(0, at) + " " + s + text.substring(at);
    }
}
