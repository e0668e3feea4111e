package io.moderationstream.scoring.toxicity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A dependency-free fallback model (engine {@code lexicon}): weighted terms per attribute from
 * {@code toxicity/lexicon.tsv}, combined as a noisy-OR. Fast and predictable, used in tests and where no model can be
 * deployed; far weaker than the transformer (no context, no negation), so it is not the default.
 */
public class LexiconToxicityModel implements ToxicityModel {
    private final Map<String, float[]> weights = new HashMap<>();

    public LexiconToxicityModel() throws IOException {
        try (InputStream in = LexiconToxicityModel.class.getResourceAsStream("/toxicity/lexicon.tsv")) {
            if (in == null) {
                throw new IOException("toxicity/lexicon.tsv missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                float[] w = new float[ToxicityAttributes.ALL.size()];
                for (int i = 1; i < cols.length && i <= w.length; i++) {
                    w[i - 1] = Float.parseFloat(cols[i]);
                }
                weights.put(cols[0], w);
            }
        }
    }

    @Override
    public List<String> attributes() {
        return ToxicityAttributes.ALL;
    }

    @Override
    public float[][] predict(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int t = 0; t < texts.size(); t++) {
            double[] keep = new double[ToxicityAttributes.ALL.size()];
            java.util.Arrays.fill(keep, 1.0);
            for (String word : words(texts.get(t))) {
                float[] w = weights.get(word);
                if (w != null) {
                    for (int a = 0; a < keep.length; a++) {
                        keep[a] *= 1.0 - w[a];
                    }
                }
            }
            out[t] = new float[keep.length];
            for (int a = 0; a < keep.length; a++) {
                out[t][a] = (float) (1.0 - keep[a]);
            }
        }
        return out;
    }

    static List<String> words(String text) {
        String normalized = TextNormalizer.normalize(text).toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= normalized.length(); i++) {
            char c = i < normalized.length() ? normalized.charAt(i) : ' ';
            char folded = switch (c) {
                case '0' -> 'o';
                case '1', '!' -> 'i';
                case '3' -> 'e';
                case '4', '@' -> 'a';
                case '5', '$' -> 's';
                case '7' -> 't';
                case '*' -> '*';
                default -> c;
            };
            boolean inWord = Character.isLetter(folded) || (folded == '*' && word.length() > 0)
                    || (word.length() > 0 && folded != c && Character.isLetter(folded));
            if (inWord) {
                word.append(folded);
            } else if (word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
            }
        }
        return words;
    }
}
