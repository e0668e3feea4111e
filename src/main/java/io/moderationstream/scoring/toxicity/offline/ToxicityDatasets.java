package io.moderationstream.scoring.toxicity.offline;

import io.moderationstream.scoring.toxicity.ToxicityAttributes;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Training data for the toxicity models, from {@code ../shared/data/toxicity}: each text with the attributes its
 * source really labels, as targets in [0, 1] (vote shares or Perspective scores where the source has them). An
 * attribute a source does not label is absent from {@link Example#targets()} and masked out of the loss.
 */
public final class ToxicityDatasets {

    /**
     * A text, its known attribute targets, its source, the target groups it mentions (when known) and the key that
     * keeps near-duplicates (DynaHate's perturbation pairs) on the same side of a split.
     */
    public record Example(String text, Map<String, Double> targets, String source, List<String> groups, String splitKey) {
        public Example(String text, Map<String, Double> targets, String source, List<String> groups) {
            this(text, targets, source, groups, text);
        }

        /** The targets as hard labels (≥ 0.5), for the linear head. */
        public Map<String, Boolean> labels() {
            Map<String, Boolean> out = new LinkedHashMap<>();
            targets.forEach((a, v) -> out.put(a, v >= 0.5));
            return out;
        }
    }

    private ToxicityDatasets() {}

    /** The four sources the linear head ({@code toxicity train}, engine onnx) was trained on. */
    public static List<Example> headSources(Path dir) throws IOException {
        List<Example> all = new ArrayList<>();
        all.addAll(davidson(dir.resolve("davidson/data_labeled_data.csv")));
        all.addAll(hatemoji(dir.resolve("hatemoji-build/HatemojiBuild_train.csv"), "hatemoji-train"));
        all.addAll(decodingTrust(dir.resolve("decodingtrust")));
        all.addAll(CounterfactualIdentities.examples());
        return all;
    }

    /**
     * Every source in the directory, deduplicated by normalised text (the first source wins: SBIC re-annotates
     * ~560 Davidson tweets, Stormfront sentences recur in SBIC), with the counterfactual identity statements.
     */
    public static List<Example> load(Path dir) throws IOException {
        return load(dir, true);
    }

    /**
     * As {@link #load(Path)}; without {@code longFormSources} the four sources added for toxicity v3 (ToxiGen, Toxic
     * Spans, benign-longform, Wikipedia talk) are left out, which is the data the shipped model was trained on.
     */
    public static List<Example> load(Path dir, boolean longFormSources) throws IOException {
        List<Example> all = new ArrayList<>();
        all.addAll(davidson(dir.resolve("davidson/data_labeled_data.csv")));
        all.addAll(hatemoji(dir.resolve("hatemoji-build/HatemojiBuild_train.csv"), "hatemoji-train"));
        all.addAll(decodingTrust(dir.resolve("decodingtrust")));
        all.addAll(hateXplain(dir.resolve("hatexplain/mbib_092-HateXplain.csv")));
        for (String f : List.of("SBIC.v2.agg.dev.csv", "SBIC.v2.agg.tst.csv")) {
            all.addAll(sbic(dir.resolve("sbic-devtest").resolve(f)));
        }
        all.addAll(implicitHate(dir.resolve("implicit-hate")));
        for (String f : List.of("db_dev.csv", "db_test.csv")) {
            all.addAll(dynaHate(dir.resolve("dynahate-devtest").resolve(f)));
        }
        all.addAll(olid(dir.resolve("olid")));
        all.addAll(mlma(dir.resolve("mlma/en_dataset_with_stop_words.csv")));
        for (String f : List.of("ConvAbuseEMNLPtrain.csv", "ConvAbuseEMNLPvalid.csv", "ConvAbuseEMNLPtest.csv")) {
            all.addAll(convAbuse(dir.resolve("convabuse").resolve(f)));
        }
        all.addAll(stormfront(dir.resolve("stormfront/stormfront_sentences.csv")));
        all.addAll(civilCommentsToxic(dir.resolve("civil-comments-toxic-subset/test_toxic.csv")));
        if (longFormSources) {
            all.addAll(optional(dir.resolve("toxigen-annotated/toxigen_annotated_train.csv"), ToxicityDatasets::toxigen));
            all.addAll(optional(dir.resolve("toxic-spans"), ToxicityDatasets::toxicSpans));
            all.addAll(optional(dir.resolve("benign-longform"), ToxicityDatasets::benignLongform));
            all.addAll(optional(dir.resolve("comments-nontoxic"), ToxicityDatasets::wikipediaTalk));
        }
        all.addAll(CounterfactualIdentities.examples());
        return dedupe(all);
    }

    static List<Example> dedupe(List<Example> examples) {
        Set<String> seen = new HashSet<>();
        List<Example> out = new ArrayList<>(examples.size());
        for (Example e : examples) {
            String key = e.text().toLowerCase(Locale.ROOT).replaceAll("[\\p{Punct}\\s]+", " ").strip();
            if (!key.isEmpty() && seen.add(key)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Map<String, Double> targets(Object... attributeValuePairs) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < attributeValuePairs.length; i += 2) {
            if (attributeValuePairs[i + 1] != null) {
                m.put((String) attributeValuePairs[i], ((Number) attributeValuePairs[i + 1]).doubleValue());
            }
        }
        return m;
    }

    private static double flag(boolean b) {
        return b ? 1.0 : 0.0;
    }

    /** Davidson et al.: vote shares of hate speech and of hate-or-offensive (class 2 = neither). */
    static List<Example> davidson(Path csv) throws IOException {
        List<Example> out = new ArrayList<>();
        for (CSVRecord r : csv(csv)) {
            double votes = Math.max(1, Double.parseDouble(r.get("count")));
            double hate = Double.parseDouble(r.get("hate_speech")) / votes;
            double offensive = Double.parseDouble(r.get("offensive_language")) / votes;
            out.add(new Example(r.get("tweet"), targets("toxicity", Math.min(1, hate + offensive), "identity_attack", hate),
                    "davidson", List.of()));
        }
        return out;
    }

    /** HatemojiBuild: label_gold 1 = hateful (always an identity attack), with target group codes. */
    public static List<Example> hatemoji(Path csv, String source) throws IOException {
        List<Example> out = new ArrayList<>();
        for (CSVRecord r : csv(csv)) {
            double hateful = flag("1".equals(r.get("label_gold").trim()));
            out.add(new Example(r.get("text"), targets("toxicity", hateful, "identity_attack", hateful), source,
                    groupCodes(r.get("target"))));
        }
        return out;
    }

    /** "['wom', 'gay.man']" → [wom, gay.man]; "['none']" → []. */
    static List<String> groupCodes(String raw) {
        List<String> groups = new ArrayList<>();
        for (String t : raw.replace("[", "").replace("]", "").replace("'", "").replace("\"", "").split(",")) {
            String g = t.trim();
            if (!g.isEmpty() && !g.equals("none") && !g.equals("notgiven")) {
                groups.add(g);
            }
        }
        return groups;
    }

    /** RealToxicityPrompts prompts and continuations, and GPT-3.5/GPT-4 toxic generations: Perspective scores. */
    static List<Example> decodingTrust(Path dir) throws IOException {
        List<Example> all = new ArrayList<>();
        for (String f : List.of("data_toxicity_user_prompts_toxic.jsonl", "data_toxicity_user_prompts_nontoxic.jsonl")) {
            all.addAll(perspectivePairs(dir.resolve(f)));
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".filtered.jsonl")).sorted().toList()) {
                all.addAll(perspectivePrompts(p));
            }
        }
        return all;
    }

    static List<Example> perspectivePairs(Path jsonl) throws IOException {
        List<Example> out = new ArrayList<>();
        for (JsonNode row : io.moderationstream.io.JsonLinesFile.read(jsonl)) {
            for (String part : List.of("prompt", "continuation")) {
                JsonNode node = row.path(part);
                if (node.hasNonNull("text") && node.hasNonNull("toxicity")) {
                    out.add(new Example(node.get("text").asText(), perspectiveTargets(node), "rtp-" + part, List.of()));
                }
            }
        }
        return out;
    }

    /** DecodingTrust GPT-3.5/GPT-4 toxic generations: {"prompt": {"text", "score": {...}}}. */
    static List<Example> perspectivePrompts(Path jsonl) throws IOException {
        List<Example> out = new ArrayList<>();
        for (JsonNode row : io.moderationstream.io.JsonLinesFile.read(jsonl)) {
            JsonNode prompt = row.path("prompt");
            if (prompt.hasNonNull("text") && prompt.has("score")) {
                out.add(new Example(prompt.get("text").asText(), perspectiveTargets(prompt.get("score")), "decodingtrust-gpt", List.of()));
            }
        }
        return out;
    }

    /** Perspective API scores are soft targets (model outputs, not human votes; the model card says so). */
    private static Map<String, Double> perspectiveTargets(JsonNode scores) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String attribute : ToxicityAttributes.ALL) {
            if (scores.hasNonNull(attribute)) {
                m.put(attribute, Math.max(0, Math.min(1, scores.get(attribute).asDouble())));
            }
        }
        return m;
    }

    /** HateXplain (MBIB's flat copy): category 0 normal, 1 offensive, 2 hate (against a community); 3 no majority. */
    static List<Example> hateXplain(Path csv) throws IOException {
        List<Example> out = new ArrayList<>();
        for (CSVRecord r : csv(csv)) {
            String category = r.get("category").trim();
            if (!category.equals("0") && !category.equals("1") && !category.equals("2")) {
                continue;
            }
            out.add(new Example(r.get("text"), targets("toxicity", flag(!category.equals("0")), "identity_attack",
                    flag(category.equals("2"))), "hatexplain", List.of()));
        }
        return out;
    }

    /**
     * Social Bias Frames (aggregated): offensiveYN and sexYN are annotator shares; an offensive post aimed at a group
     * (non-empty targetCategory) is an identity attack, an inoffensive one is not, an offensive untargeted one is
     * unknown for it.
     */
    static List<Example> sbic(Path csv) throws IOException {
        List<Example> out = new ArrayList<>();
        for (CSVRecord r : csv(csv)) {
            double offensive = number(r.get("offensiveYN"));
            List<String> groups = groupCodes(r.get("targetCategory"));
            Double identity = offensive < 0.5 ? Double.valueOf(0.0) : groups.isEmpty() ? null : Double.valueOf(1.0);
            out.add(new Example(r.get("post").strip(), targets("toxicity", offensive, "identity_attack", identity,
                    "sexually_explicit", number(r.get("sexYN"))), "sbic", groups));
        }
        return out;
    }

    /** Implicit Hate: implicit or explicit hate vs. not; stage 2's "threatening" implicit hate is a threat. */
    static List<Example> implicitHate(Path dir) throws IOException {
        Set<String> threatening = new HashSet<>();
        for (CSVRecord r : tsv(dir.resolve("implicit_hate_v1_stg2_posts.tsv"), true)) {
            if ("threatening".equals(r.get("implicit_class"))) {
                threatening.add(r.get("post").strip());
            }
        }
        List<Example> out = new ArrayList<>();
        for (CSVRecord r : tsv(dir.resolve("implicit_hate_v1_stg1_posts.tsv"), true)) {
            String text = r.get("post").strip();
            double hate = flag(!"not_hate".equals(r.get("class")));
            Double threat = hate == 0 ? Double.valueOf(0.0) : threatening.contains(text) ? Double.valueOf(1.0) : null;
            out.add(new Example(text, targets("toxicity", hate, "identity_attack", hate, "threat", threat), "implicit-hate", List.of()));
        }
        return out;
    }

    /** DynaHate dev + test: hate vs. nothate, type "threatening" is a threat; perturbation pairs share a split key. */
    static List<Example> dynaHate(Path csv) throws IOException {
        List<Example> out = new ArrayList<>();
        for (CSVRecord r : csv(csv)) {
            double hate = flag("hate".equals(r.get("label")));
            Double threat = hate == 0 ? Double.valueOf(0.0) : "threatening".equals(r.get("type")) ? Double.valueOf(1.0) : null;
            String matched = r.get("acl.id.matched").strip();
            String id = r.get("acl.id").strip();
            String key = "dynahate:" + (matched.isEmpty() ? id : (id.compareTo(matched) < 0 ? id : matched));
            out.add(new Example(r.get("text"), targets("toxicity", hate, "identity_attack", hate, "threat", threat), "dynahate",
                    groupCodes(r.get("target")), key));
        }
        return out;
    }

    /**
     * OLID: offensive (subtask a); a targeted insult (TIN) is an insult, not-offensive is neither; untargeted
     * offence (UNT) is mostly profanity, so it is not an insult and counts as profanity.
     */
    static List<Example> olid(Path dir) throws IOException {
        List<Example> out = new ArrayList<>();
        for (CSVRecord r : tsv(dir.resolve("olid-training-v1.0.tsv"), false)) {
            boolean offensive = "OFF".equals(r.get("subtask_a"));
            String b = r.get("subtask_b");
            out.add(new Example(r.get("tweet"), targets("toxicity", flag(offensive),
                    "insult", offensive ? ("TIN".equals(b) ? Double.valueOf(1.0) : "UNT".equals(b) ? Double.valueOf(0.0) : null) : Double.valueOf(0.0),
                    "profanity", offensive ? ("UNT".equals(b) ? Double.valueOf(1.0) : null) : null), "olid", List.of()));
        }
        Map<String, String> testLabels = new LinkedHashMap<>();
        for (CSVRecord r : csv(dir.resolve("labels-levela.csv"))) {
            testLabels.put(r.get("id").strip(), r.get("label").strip());
        }
        for (CSVRecord r : tsv(dir.resolve("testset-levela.tsv"), false)) {
            String label = testLabels.get(r.get("id").strip());
            if (label != null) {
                out.add(new Example(r.get("tweet"), targets("toxicity", flag("OFF".equals(label))), "olid", List.of()));
            }
        }
        return out;
    }

    /** MLMA: a single "normal" is non-hostile (the authors' binary setting); any "hateful" is an identity attack. */
    static List<Example> mlma(Path csv) throws IOException {
        List<Example> out = new ArrayList<>();
        for (CSVRecord r : csv(csv)) {
            String sentiment = r.get("sentiment").strip();
            boolean normal = sentiment.equals("normal");
            out.add(new Example(r.get("tweet"), targets("toxicity", flag(!normal), "identity_attack",
                    flag(List.of(sentiment.split("_")).contains("hateful"))), "mlma", List.of(r.get("group").strip())));
        }
        return out;
    }

    /**
     * ConvAbuse: per annotator abusive if any of is_abuse -1/-2/-3 is set; the toxicity target is the share of
     * annotators who say abusive (ties stay 0.5), sexual harassment of the agent is sexually explicit.
     */
    static List<Example> convAbuse(Path csv) throws IOException {
        List<Example> out = new ArrayList<>();
        for (CSVRecord r : csv(csv)) {
            int annotators = 0;
            int abusive = 0;
            int harassment = 0;
            for (int a = 1; a <= 8; a++) {
                String notAbusive = value(r, "Annotator" + a + "_is_abuse.1");
                if (notAbusive == null || notAbusive.isBlank()) {
                    continue;
                }
                boolean says = number(value(r, "Annotator" + a + "_is_abuse.-1")) + number(value(r, "Annotator" + a + "_is_abuse.-2"))
                        + number(value(r, "Annotator" + a + "_is_abuse.-3")) >= 0.5;
                boolean any = says || number(notAbusive) >= 0.5 || number(value(r, "Annotator" + a + "_is_abuse.0")) >= 0.5;
                if (!any) {
                    continue;
                }
                annotators++;
                abusive += says ? 1 : 0;
                harassment += number(value(r, "Annotator" + a + "_sex_harassment")) >= 0.5 ? 1 : 0;
            }
            if (annotators == 0) {
                continue;
            }
            out.add(new Example(r.get("user"), targets("toxicity", abusive / (double) annotators,
                    "sexually_explicit", harassment / (double) annotators), "convabuse", List.of()));
        }
        return out;
    }

    /** Stormfront sentences: hate vs. noHate; "relation" (hateful only in context) and idk/skip are left out. */
    static List<Example> stormfront(Path csv) throws IOException {
        List<Example> out = new ArrayList<>();
        for (CSVRecord r : csv(csv)) {
            String label = r.get("label");
            if (!label.equals("hate") && !label.equals("noHate")) {
                continue;
            }
            double hate = flag(label.equals("hate"));
            out.add(new Example(r.get("text"), targets("toxicity", hate, "identity_attack", hate), "stormfront", List.of()));
        }
        return out;
    }

    /** Civil Comments, toxic-only subset: positives for toxicity and nothing else. */
    static List<Example> civilCommentsToxic(Path csv) throws IOException {
        List<Example> out = new ArrayList<>();
        for (CSVRecord r : csv(csv)) {
            out.add(new Example(r.get("comment_text"), targets("toxicity", 1.0), "civil-comments-toxic", List.of()));
        }
        return out;
    }

    private interface Loader {
        List<Example> load(Path path) throws IOException;
    }

    /** The v3 sources arrived later than the rest; a data directory without them still loads. */
    private static List<Example> optional(Path path, Loader loader) throws IOException {
        return Files.exists(path) ? loader.load(path) : List.of();
    }

    /**
     * ToxiGen, human-annotated: {@code toxicity_human} is the annotators' mean harm rating 1–5 (≥ 3 toxic), as the soft
     * target (h − 1) / 4 so that 0.5 is the authors' threshold; every statement is about its target group, so the
     * same value is the identity-attack target. The {@code label} column is the generation prompt's, not a label.
     */
    static List<Example> toxigen(Path csv) throws IOException {
        List<Example> out = new ArrayList<>();
        for (CSVRecord r : csv(csv)) {
            double harm = Math.max(0, Math.min(1, (number(r.get("toxicity_human")) - 1) / 4));
            out.add(new Example(pythonBytesLiteral(r.get("text")).strip(), targets("toxicity", harm, "identity_attack", harm),
                    "toxigen", List.of(r.get("target_group").strip())));
        }
        return out;
    }

    /** ToxiGen stores each text as a Python bytes literal ({@code b'...'}, escapes, UTF-8 bytes). */
    static String pythonBytesLiteral(String literal) {
        String s = literal.strip();
        if (s.length() < 3 || s.charAt(0) != 'b' || (s.charAt(1) != '\'' && s.charAt(1) != '"')) {
            return s;
        }
        s = s.substring(2, s.length() - 1);
        var bytes = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> bytes.write('\n');
                case 't' -> bytes.write('\t');
                case 'r' -> bytes.write('\r');
                case 'x' -> {
                    if (i + 2 < s.length()) {
                        bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                        i += 2;
                    }
                }
                default -> bytes.writeBytes(String.valueOf(e).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * SemEval-2021 Toxic Spans (Civil Comments posts at least half of the raters called toxic): post-level positives;
     * the official test split stays in the test split, so the long-form evaluation can insert its toxic sentences.
     */
    static List<Example> toxicSpans(Path dir) throws IOException {
        List<Example> out = new ArrayList<>();
        for (String f : List.of("tsd_trial.csv", "tsd_train.csv", "tsd_test.csv")) {
            for (CSVRecord r : csv(dir.resolve(f))) {
                String text = r.get("text");
                String key = f.equals("tsd_test.csv") ? testSplitKey(text) : trainSplitKey(text);
                out.add(new Example(text, targets("toxicity", 1.0), "toxic-spans", List.of(), key));
            }
        }
        return out;
    }

    /**
     * Long harmless prose (WikiText-2 paragraphs, Rust book paragraphs, CIA World Factbook texts): zero for every
     * attribute. Split by article, file or country, so a test paragraph's neighbours are never trained on.
     */
    static List<Example> benignLongform(Path dir) throws IOException {
        List<Example> out = new ArrayList<>();
        for (String f : List.of("wikitext2_valid.txt", "wikitext2_test.txt")) {
            String article = "";
            for (String line : Files.readAllLines(dir.resolve(f), StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (t.startsWith("= ") && !t.startsWith("= =")) {
                    article = t;
                } else if (!t.startsWith("=") && t.length() >= 300) {
                    out.add(new Example(detokenizeWikiText(t), allZero(), "benign-longform", List.of(), "wikitext:" + article));
                }
            }
        }
        for (JsonNode row : io.moderationstream.io.JsonLinesFile.read(dir.resolve("rust_book_paragraphs.jsonl"))) {
            String text = row.path("text").asText();
            if (text.length() >= 300) {
                out.add(new Example(text, allZero(), "benign-longform", List.of(), "rust-book:" + row.path("file").asText()));
            }
        }
        for (JsonNode row : io.moderationstream.io.JsonLinesFile.read(dir.resolve("factbook_texts.jsonl"))) {
            String text = row.path("text").asText();
            if (text.length() >= 300) {
                out.add(new Example(text, allZero(), "benign-longform", List.of(), "factbook:" + row.path("country").asText()));
            }
        }
        return out;
    }

    /** WikiText is tokenised ("word , word @-@ word"): undo the spacing so it reads like prose. */
    static String detokenizeWikiText(String line) {
        return line.replace(" @-@ ", "-").replace(" @,@ ", ",").replace(" @.@ ", ".")
                .replaceAll(" ([,.;:!?)'])", "$1").replace("( ", "(").replace(" n't", "n't").replace(" 's", "'s");
    }

    private static Map<String, Double> allZero() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String attribute : ToxicityAttributes.ALL) {
            m.put(attribute, 0.0);
        }
        return m;
    }

    /**
     * Wikipedia talk comments (CAT-LARGE without and with the parent shown, CAT-SMALL out of context): the crowd's
     * binary toxicity label; the model is not given the parent, so CAT-SMALL uses its out-of-context label.
     */
    static List<Example> wikipediaTalk(Path dir) throws IOException {
        List<Example> out = new ArrayList<>();
        for (String f : List.of("CAT_LARGE_gn.csv", "CAT_LARGE_gc.csv")) {
            for (CSVRecord r : csv(dir.resolve(f))) {
                out.add(new Example(r.get("text"), targets("toxicity", number(r.get("label"))), "wiki-talk", List.of()));
            }
        }
        for (CSVRecord r : csv(dir.resolve("CAT_SMALL.csv"))) {
            out.add(new Example(r.get("text"), targets("toxicity", number(r.get("label_oc"))), "wiki-talk", List.of()));
        }
        return out;
    }

    /** A split key that {@link TrainingSplits#isTest} puts in the test split (or the training split). */
    private static String testSplitKey(String text) {
        for (int salt = 0; ; salt++) {
            String key = "test:" + salt + ":" + text;
            if (TrainingSplits.isTest(key)) {
                return key;
            }
        }
    }

    private static String trainSplitKey(String text) {
        for (int salt = 0; ; salt++) {
            String key = "train:" + salt + ":" + text;
            if (!TrainingSplits.isTest(key)) {
                return key;
            }
        }
    }

    private static String value(CSVRecord r, String column) {
        return r.isMapped(column) && r.isSet(column) ? r.get(column) : null;
    }

    private static double number(String raw) {
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        try {
            return Double.parseDouble(raw.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setAllowMissingColumnNames(true).build().parse(reader)) {
            return parser.getRecords();
        }
    }

    /** Tab-separated; Implicit Hate quotes its fields, OLID must be read with quoting off. */
    private static List<CSVRecord> tsv(Path file, boolean quoted) throws IOException {
        CSVFormat.Builder format = CSVFormat.TDF.builder().setHeader().setSkipHeaderRecord(true).setAllowMissingColumnNames(true)
                .setIgnoreSurroundingSpaces(false).setTrim(false);
        if (!quoted) {
            format.setQuote(null);
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = format.build().parse(reader)) {
            return parser.getRecords();
        }
    }
}
