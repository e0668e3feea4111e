package io.moderationstream.scoring.protected_material.offline;

import io.moderationstream.scoring.protected_material.index.ProtectedDocuments.SourceDocument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Generates the protected-material evaluation: LLM-style answers (unrelated prose around the case) that embed a
 * passage of a protected document — verbatim (50–400 characters), restyled (case, quotes, spacing, punctuation),
 * lightly edited (5–15 % of words dropped or swapped), or 11–20 consecutive words of a poem — and negatives: the
 * prose alone, prose sprinkled with short phrases that recur in the corpus, a short attributed quotation (under 50
 * normalised characters; in double, single or no quotation marks after "wrote"), and a simulated paraphrase (most
 * words replaced or dropped, clauses reordered: no run of more than a few words survives). Deterministic for a seed;
 * different seeds give disjoint draws in practice.
 */
public final class ProtectedEvalSet {

    /** What a case holds; the first four must be found, the rest must not. */
    public enum Kind {
        VERBATIM(true), RESTYLED(true), EDITED(true), POEM(true),
        UNRELATED(false), COMMON_PHRASES(false), SHORT_QUOTE(false), PARAPHRASE(false);

        public final boolean positive;

        Kind(boolean positive) {
            this.positive = positive;
        }
    }

    /** One case: the text, what it holds, the source document's id (positives) and the passage's length. */
    public record Case(Kind kind, String text, String sourceId, int passageChars) {}

    private static final String[] OPENERS = {
        "Sure, here is what you asked for.", "Here's an answer to your question.", "Good question; let me explain.",
        "Below is a short overview.", "I can help with that.", "Here is some background first."
    };
    private static final String[] FILLER_WORDS = {
        "perhaps", "really", "quite", "simply", "rather", "indeed", "also", "then", "still", "just", "even", "often"
    };

    private final List<SourceDocument> corpus;
    private final List<String> verse;
    private final List<String> prose;
    private final List<String> commonPhrases;
    private final List<String> deck = new ArrayList<>();
    private final Random random;

    /**
     * @param corpus the protected documents (the index must hold them); documents whose id contains "grass" or "poem"
     *               or whose lines are mostly short are treated as verse
     * @param prose  unrelated paragraphs for the answers' surrounding text and the negatives
     */
    public ProtectedEvalSet(List<SourceDocument> corpus, List<String> prose, long seed) {
        this.corpus = corpus.stream().map(d -> new SourceDocument(d.id(), d.title(), unwrap(d.text()), d.bytes())).toList();
        this.verse = new ArrayList<>();
        for (SourceDocument d : corpus) {
            if (isVerse(d.text())) {
                verse.add(d.id());
            }
        }
        this.prose = prose;
        this.random = new Random(seed);
        this.commonPhrases = commonPhrases(this.corpus, new Random(seed ^ 0x5DEECE66DL));
    }

    /**
     * Paragraphs of at least 200 characters from JSON lines ({@code "text"}) or plain text (one paragraph per line;
     * WikiText's tokenised spacing such as {@code " @-@ "} and {@code " , "} is undone).
     */
    public static List<String> paragraphs(List<java.nio.file.Path> files) throws java.io.IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> out = new ArrayList<>();
        for (java.nio.file.Path file : files) {
            boolean jsonLines = file.getFileName().toString().endsWith(".jsonl");
            for (String line : java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8)) {
                String text = jsonLines ? (line.isBlank() ? "" : json.readTree(line).path("text").asText(""))
                        : detokenise(line.strip());
                if (text.length() >= 200 && !text.startsWith("=")) {
                    out.add(text);
                }
            }
        }
        return out;
    }

    private static String detokenise(String s) {
        return s.replace(" @-@ ", "-").replace(" @,@ ", ",").replace(" @.@ ", ".").replaceAll(" ([,.;:!?)'])", "$1")
                .replace("( ", "(").replace(" n't", "n't").replace(" 's", "'s");
    }

    /** {@code perKind} cases of every kind, in a shuffled order. */
    public List<Case> generate(int perKind) {
        List<Case> out = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (int i = 0; i < perKind; i++) {
                out.add(generate(kind));
            }
        }
        java.util.Collections.shuffle(out, random);
        return out;
    }

    Case generate(Kind kind) {
        return switch (kind) {
            case VERBATIM -> embed(kind, passage(prose(), 50 + random.nextInt(351)));
            case RESTYLED -> {
                Passage p = passage(prose(), 50 + random.nextInt(351));
                yield embed(kind, new Passage(p.doc, restyle(p.text)));
            }
            case EDITED -> {
                Passage p = passage(prose(), 80 + random.nextInt(321));
                yield embed(kind, new Passage(p.doc, edit(p.text, 0.05 + random.nextDouble() * 0.10)));
            }
            case POEM -> embed(kind, poemWords(11 + random.nextInt(10)));
            case UNRELATED -> new Case(kind, answer(""), null, 0);
            case COMMON_PHRASES -> new Case(kind, withCommonPhrases(), null, 0);
            case SHORT_QUOTE -> {
                Passage p = shortQuote();
                String title = p.doc.title();
                String quote = switch (random.nextInt(4)) {
                    case 0 -> String.format(Locale.ROOT, "As %s puts it, \u201C%s\u201D", title, p.text);
                    case 1 -> String.format(Locale.ROOT, "In %s we read: \"%s\"", title, p.text);
                    case 2 -> String.format(Locale.ROOT, "\u2018%s\u2019 \u2014 from %s.", p.text, title);
                    default -> String.format(Locale.ROOT, "As the author of %s wrote, %s.", title, p.text.replaceAll("[.!?]+$", ""));
                };
                yield new Case(kind, answer(quote), null, p.text.length());
            }
            case PARAPHRASE -> {
                Passage p = passage(prose(), 150 + random.nextInt(250));
                yield new Case(kind, answer(paraphrase(p.text)), null, p.text.length());
            }
        };
    }

    private record Passage(SourceDocument doc, String text) {}

    private List<SourceDocument> prose() {
        List<SourceDocument> out = corpus.stream().filter(d -> !verse.contains(d.id())).toList();
        return out.isEmpty() ? corpus : out;
    }

    /** About {@code chars} characters of a document, starting and ending at word boundaries. */
    private Passage passage(List<SourceDocument> from, int chars) {
        SourceDocument doc = from.get(random.nextInt(from.size()));
        String t = doc.text();
        for (int attempt = 0; ; attempt++) {
            int start = random.nextInt(Math.max(1, t.length() - chars - 1));
            while (start > 0 && !Character.isWhitespace(t.charAt(start - 1))) {
                start++;
            }
            int end = Math.min(t.length(), start + chars);
            while (end < t.length() && Character.isLetterOrDigit(t.charAt(end))) {
                end++;
            }
            String s = t.substring(start, end).strip();
            // Skip chapter headings, tables of contents and other stretches with few letters.
            if (letters(s) * 10 >= s.length() * 7 || attempt > 50) {
                return new Passage(doc, s);
            }
        }
    }

    private Passage poemWords(int words) {
        List<SourceDocument> poems = corpus.stream().filter(d -> verse.contains(d.id())).toList();
        SourceDocument doc = (poems.isEmpty() ? corpus : poems).get(random.nextInt(poems.isEmpty() ? corpus.size() : poems.size()));
        String original = doc.text();
        String[] tokens = original.split("(?<=\\s)(?=\\S)");
        int start = random.nextInt(Math.max(1, tokens.length - words));
        StringBuilder s = new StringBuilder();
        for (int i = start; i < Math.min(tokens.length, start + words); i++) {
            s.append(tokens[i]);
        }
        return new Passage(doc, s.toString().strip());
    }

    private Case embed(Kind kind, Passage p) {
        String body = random.nextInt(10) < 3 ? "\u201C" + p.text + "\u201D" : p.text;
        return new Case(kind, answer(body), p.doc.id(), p.text.length());
    }

    /** An answer: an opener, unrelated paragraphs, the case in the middle (or at either end), more paragraphs. */
    private String answer(String middle) {
        StringBuilder s = new StringBuilder(OPENERS[random.nextInt(OPENERS.length)]).append("\n\n");
        int before = random.nextInt(3);
        for (int i = 0; i < before; i++) {
            s.append(paragraph()).append("\n\n");
        }
        if (!middle.isEmpty()) {
            s.append(middle).append("\n\n");
        }
        int after = middle.isEmpty() ? 2 + random.nextInt(2) : random.nextInt(3);
        for (int i = 0; i < after; i++) {
            s.append(paragraph()).append("\n\n");
        }
        return s.toString().strip();
    }

    /** The next paragraph of a shuffled deck: no paragraph returns before all have been used, so cases stay independent. */
    private String paragraph() {
        if (deck.isEmpty()) {
            deck.addAll(prose);
            java.util.Collections.shuffle(deck, random);
        }
        String p = deck.remove(deck.size() - 1);
        return p.length() > 700 ? p.substring(0, p.lastIndexOf(' ', 700) < 0 ? 700 : p.lastIndexOf(' ', 700)) + "." : p;
    }

    private String restyle(String s) {
        int style = random.nextInt(5);
        return switch (style) {
            case 0 -> s.toUpperCase(Locale.ROOT);
            case 1 -> s.replace('"', '\u201C').replace('\'', '\u2019').replace(",", " ,").replace(".", " .");
            case 2 -> s.replace(" ", random.nextBoolean() ? "  " : "\n").replace(",", "");
            case 3 -> s.replace(";", ".").replace(",", " -").replace("--", " \u2014 ").replace("!", ".").replace("?", "?!");
            default -> titleCase(s).replace("\"", "'");
        };
    }

    private static String titleCase(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = Character.isWhitespace(c);
        }
        return out.toString();
    }

    /** Drops or swaps (with the next word, or for a filler word) about {@code rate} of the words. */
    private String edit(String s, double rate) {
        String[] words = s.split(" +");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            if (random.nextDouble() >= rate) {
                out.add(words[i]);
                continue;
            }
            switch (random.nextInt(3)) {
                case 0 -> { }   // dropped
                case 1 -> {
                    if (i + 1 < words.length) {
                        out.add(words[i + 1]);
                        out.add(words[i]);
                        i++;
                    } else {
                        out.add(words[i]);
                    }
                }
                default -> out.add(FILLER_WORDS[random.nextInt(FILLER_WORDS.length)]);
            }
        }
        return String.join(" ", out);
    }

    /** Most words replaced by others, a tenth dropped, clauses in another order: the sense, not the wording. */
    private String paraphrase(String s) {
        String[] clauses = s.split("(?<=[,;:.])\\s+");
        List<String> reordered = new ArrayList<>(List.of(clauses));
        java.util.Collections.shuffle(reordered, random);
        StringBuilder out = new StringBuilder();
        int kept = 0;
        for (String clause : reordered) {
            for (String w : clause.split("\\s+")) {
                double r = random.nextDouble();
                if (kept >= 3 || r < 0.45) {
                    out.append(FILLER_WORDS[random.nextInt(FILLER_WORDS.length)]).append(' ');
                    kept = 0;
                } else if (r < 0.55) {
                    kept = 0;
                } else {
                    out.append(w).append(' ');
                    kept++;
                }
            }
        }
        return out.toString().strip();
    }

    private Passage shortQuote() {
        for (int attempt = 0; ; attempt++) {
            Passage p = passage(prose(), 18 + random.nextInt(30));
            int normalised = io.moderationstream.scoring.protected_material.ProtectedText.of(p.text).length();
            // A quotation is words from one paragraph.
            if (normalised >= 15 && normalised < 50 && p.text.indexOf('\n') < 0 || attempt > 100) {
                return p;
            }
        }
    }

    /** Unrelated prose with three to six short phrases (3–6 words) that occur more than once in the corpus. */
    private String withCommonPhrases() {
        StringBuilder s = new StringBuilder(answer(""));
        int phrases = 3 + random.nextInt(4);
        for (int i = 0; i < phrases && !commonPhrases.isEmpty(); i++) {
            String phrase = commonPhrases.get(random.nextInt(commonPhrases.size()));
            int at = s.indexOf(". ", random.nextInt(Math.max(1, s.length())));
            String sentence = " " + Character.toUpperCase(phrase.charAt(0)) + phrase.substring(1) + ", as they say.";
            if (at < 0) {
                s.append(sentence);
            } else {
                s.insert(at + 1, sentence);
            }
        }
        return s.toString();
    }

    /** Word sequences of 3–6 words that recur in the corpus (the phrases any English text shares with it). */
    private static List<String> commonPhrases(List<SourceDocument> corpus, Random random) {
        Map<String, Integer> counts = new HashMap<>();
        for (SourceDocument d : corpus) {
            String[] words = d.text().toLowerCase(Locale.ROOT).replaceAll("[^a-z' ]+", " ").trim().split(" +");
            for (int i = 0; i + 6 <= words.length; i += 3) {
                int n = 3 + (i / 3) % 4;
                counts.merge(String.join(" ", java.util.Arrays.copyOfRange(words, i, i + n)), 1, Integer::sum);
            }
        }
        List<String> out = new ArrayList<>();
        counts.forEach((phrase, n) -> {
            if (n >= 2 && phrase.length() >= 12) {
                out.add(phrase);
            }
        });
        out.sort(null);
        java.util.Collections.shuffle(out, random);
        return out;
    }

    private static boolean isVerse(String text) {
        String[] lines = text.split("\n");
        int shortLines = 0;
        int nonEmpty = 0;
        for (String line : lines) {
            if (!line.isBlank()) {
                nonEmpty++;
                shortLines += line.strip().length() < 50 ? 1 : 0;
            }
        }
        return nonEmpty > 0 && shortLines * 10 > nonEmpty * 3;
    }

    /** Gutenberg's hard line breaks become spaces (a model writes paragraphs, not 70-column lines); blank lines stay. */
    private static String unwrap(String text) {
        return text.replace("\r\n", "\n").replaceAll("(?<!\n)\n(?!\n)", " ");
    }

    private static int letters(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            n += Character.isLetter(s.charAt(i)) || s.charAt(i) == ' ' ? 1 : 0;
        }
        return n;
    }
}
