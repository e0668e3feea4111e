package io.moderationstream.scoring.toxicity;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training data for the toxicity head, from {@code ../shared/data/toxicity}: each text with the attributes its
 * source actually labels (other attributes stay unknown and are not trained on that text).
 */
public final class ToxicityDatasets {

    /** A text, its known attribute labels, its source and the target groups it mentions (when known). */
    public record Example(String text, Map<String, Boolean> labels, String source, List<String> groups) {}

    private ToxicityDatasets() {}

    public static List<Example> load(Path dir) throws IOException {
        List<Example> all = new ArrayList<>();
        all.addAll(davidson(dir.resolve("davidson/data_labeled_data.csv")));
        all.addAll(hatemoji(dir.resolve("hatemoji-build/HatemojiBuild_train.csv"), "hatemoji-train"));
        Path dt = dir.resolve("decodingtrust");
        for (String f : List.of("data_toxicity_user_prompts_toxic.jsonl", "data_toxicity_user_prompts_nontoxic.jsonl")) {
            all.addAll(perspectivePairs(dt.resolve(f)));
        }
        try (var files = Files.list(dt)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".filtered.jsonl")).sorted().toList()) {
                all.addAll(perspectivePrompts(p));
            }
        }
        all.addAll(CounterfactualIdentities.examples());
        return all;
    }

    /** Davidson et al.: class 0 hate speech, 1 offensive, 2 neither (majority of annotators). */
    static List<Example> davidson(Path csv) throws IOException {
        List<Example> out = new ArrayList<>();
        for (CSVRecord r : csv(csv)) {
            int cls = Integer.parseInt(r.get("class"));
            Map<String, Boolean> labels = new LinkedHashMap<>();
            labels.put("toxicity", cls != 2);
            labels.put("identity_attack", cls == 0);
            labels.put("insult", cls != 2);
            out.add(new Example(r.get("tweet"), labels, "davidson", List.of()));
        }
        return out;
    }

    /** HatemojiBuild: label_gold 1 = hateful (always an identity attack), with target group codes. */
    public static List<Example> hatemoji(Path csv, String source) throws IOException {
        List<Example> out = new ArrayList<>();
        for (CSVRecord r : csv(csv)) {
            boolean hateful = "1".equals(r.get("label_gold").trim());
            Map<String, Boolean> labels = new LinkedHashMap<>();
            labels.put("toxicity", hateful);
            labels.put("identity_attack", hateful);
            out.add(new Example(r.get("text"), labels, source, targets(r.get("target"))));
        }
        return out;
    }

    /** "['wom', 'gay.man']" → [wom, gay.man]; "['none']" → []. */
    static List<String> targets(String raw) {
        List<String> groups = new ArrayList<>();
        for (String t : raw.replace("[", "").replace("]", "").replace("'", "").split(",")) {
            String g = t.trim();
            if (!g.isEmpty() && !g.equals("none")) {
                groups.add(g);
            }
        }
        return groups;
    }

    /** RealToxicityPrompts prompt and continuation, each with Perspective scores as labels (≥ 0.5). */
    static List<Example> perspectivePairs(Path jsonl) throws IOException {
        List<Example> out = new ArrayList<>();
        for (JsonNode row : io.moderationstream.io.JsonLinesFile.read(jsonl)) {
            for (String part : List.of("prompt", "continuation")) {
                JsonNode node = row.path(part);
                if (node.hasNonNull("text") && node.hasNonNull("toxicity")) {
                    out.add(new Example(node.get("text").asText(), perspectiveLabels(node), "rtp-" + part, List.of()));
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
                out.add(new Example(prompt.get("text").asText(), perspectiveLabels(prompt.get("score")), "decodingtrust-gpt", List.of()));
            }
        }
        return out;
    }

    private static Map<String, Boolean> perspectiveLabels(JsonNode scores) {
        Map<String, Boolean> labels = new LinkedHashMap<>();
        for (String attribute : ToxicityAttributes.ALL) {
            if (scores.hasNonNull(attribute)) {
                labels.put(attribute, scores.get(attribute).asDouble() >= 0.5);
            }
        }
        return labels;
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setAllowMissingColumnNames(true).build().parse(reader)) {
            return parser.getRecords();
        }
    }

}
