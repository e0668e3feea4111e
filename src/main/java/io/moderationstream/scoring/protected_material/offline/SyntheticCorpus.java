package io.moderationstream.scoring.protected_material.offline;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Book-like text in any quantity, for sizing the index and timing the scorer against a large corpus: a first-order
 * word Markov chain trained on real prose (word frequencies and common word pairs are those of novels), written as
 * plain-text documents of a given size. First order because a longer context copies whole stretches of the training
 * text, so that far more of the synthetic corpus would repeat itself than a real one does. Deterministic for a seed.
 */
public final class SyntheticCorpus {
    private final Map<String, List<String>> next = new HashMap<>();
    private final List<String> starts = new ArrayList<>();

    public SyntheticCorpus(List<String> trainingTexts) {
        for (String text : trainingTexts) {
            String[] words = text.split("\\s+");
            for (int i = 0; i + 1 < words.length; i++) {
                next.computeIfAbsent(words[i], k -> new ArrayList<>()).add(words[i + 1]);
                if (i == 0 || words[i - 1].endsWith(".")) {
                    starts.add(words[i]);
                }
            }
        }
        if (starts.isEmpty()) {
            throw new IllegalArgumentException("the training text is too short for a word chain");
        }
    }

    /** Writes {@code documents} files of about {@code bytesEach} bytes into {@code dir}; returns their paths. */
    public List<Path> write(Path dir, int documents, int bytesEach, long seed) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        List<Path> out = new ArrayList<>();
        for (int d = 0; d < documents; d++) {
            Path file = dir.resolve(String.format("synthetic-%04d.txt", d));
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                long written = 0;
                String key = starts.get(random.nextInt(starts.size()));
                w.write(key);
                int line = key.length();
                while (written < bytesEach) {
                    List<String> options = next.get(key);
                    if (options == null) {
                        key = starts.get(random.nextInt(starts.size()));
                        w.write("\n\n");
                        w.write(key);
                        written += key.length() + 2;
                        line = key.length();
                        continue;
                    }
                    String word = options.get(random.nextInt(options.size()));
                    boolean wrap = line + word.length() > 70;
                    w.write(wrap ? '\n' : ' ');
                    w.write(word);
                    line = wrap ? word.length() : line + word.length() + 1;
                    written += word.length() + 1;
                    key = word;
                }
            }
            out.add(file);
        }
        return out;
    }
}
