package io.moderationstream.tools.cli;

import io.moderationstream.scoring.citations.offline.CitationEvaluation;
import io.moderationstream.scoring.toxicity.offline.ToxicityDatasets;
import io.moderationstream.scoring.toxicity.offline.ToxicityEvaluation;
import com.fasterxml.jackson.databind.JsonNode;
import io.moderationstream.scoring.toxicity.ToxicityPlugin;
import io.moderationstream.scoring.toxicity.ToxicityModel;
import io.moderationstream.scoring.toxicity.ToxicityScorerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Quality reports of the scorers on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Evaluate a scorer on labelled data.",
        subcommands = {EvaluateCommand.Toxicity.class, EvaluateCommand.Citations.class, EvaluateCommand.Pii.class})
public class EvaluateCommand {

    @Command(name = "toxicity", mixinStandardHelpOptions = true,
            description = "JSON lines {text, label (0/1), group (string or list, optional)} or a HatemojiBuild CSV; "
                    + "prints ROC-AUC, precision/recall/F1, FPR/FNR at the threshold, and per group subgroup/BPSN/BNSP AUC, "
                    + "FPR, FNR and the generalized bias score.")
    static class Toxicity implements Callable<Integer> {
        @Option(names = "--input", required = true)
        Path input;

        @Option(names = "--threshold", defaultValue = "0.5", description = "Policy threshold (default: ${DEFAULT-VALUE}, the default toxicity_review).")
        double threshold;

        @Mixin
        ToxicityCommand.ModelOptions model;

        @Option(names = "--as-scorer", description = "Score as the branch does (whole text and each sentence, the maximum), "
                + "not the model on the whole text alone: what long answers meet in the stream.")
        boolean asScorer;

        @Override
        public Integer call() throws Exception {
            List<ToxicityEvaluation.Item> items = loadToxicityItems(input);
            ToxicityScorerConfig cfg = model.config();
            try (ToxicityModel m = ToxicityPlugin.model(cfg)) {
                JsonNode report = asScorer ? ToxicityCommand.Evaluate.evaluateAsScorer(items, m, cfg.maxSentences, cfg.textScoring, threshold)
                        : ToxicityCommand.Evaluate.evaluate(items, m, threshold);
                System.out.println(JsonLines.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            }
            return 0;
        }
    }

    @Command(name = "citations", mixinStandardHelpOptions = true,
            description = "Detection of hallucinated references: HALLMARK JSON lines (only bibtex_type and fields are read "
                    + "as input) or {text, label} JSON lines; prints detection rate, FPR, precision, F1 and a breakdown by "
                    + "hallucination type.")
    static class Citations implements Callable<Integer> {
        @Option(names = "--input", required = true)
        Path input;

        @Option(names = "--format", defaultValue = "hallmark", description = "hallmark or jsonl (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--index", defaultValue = "target/citation-index", description = "Index directory (default: ${DEFAULT-VALUE}).")
        Path index;

        @Option(names = "--errors", description = "Also print the misclassified entries (to standard error).")
        boolean errors;

        @Override
        public Integer call() throws Exception {
            io.moderationstream.tools.embedded.CitationIndexes.ensureAt(index);
            try (var resolver = new io.moderationstream.scoring.citations.LocalIndexResolver(
                    io.moderationstream.scoring.citations.LocalCitationIndex.open(index))) {
                var scorer = new io.moderationstream.scoring.citations.CitationScorer(resolver, 200);
                var eval = new io.moderationstream.scoring.citations.offline.CitationEvaluation();
                for (String line : Files.readAllLines(input)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode j = JsonLines.MAPPER.readTree(line);
                    boolean hallucinated;
                    List<io.moderationstream.scoring.citations.Resolution> resolutions;
                    String type = null;
                    if ("hallmark".equals(format)) {
                        hallucinated = "HALLUCINATED".equals(j.path("label").asText());
                        type = j.path("hallucination_type").isNull() ? null : j.path("hallucination_type").asText(null);
                        var ref = io.moderationstream.scoring.citations.BibtexReferences.fromHallmark(j);
                        resolutions = List.of(resolver.resolve(ref));
                    } else {
                        JsonNode label = j.get("label");
                        hallucinated = label.isTextual() ? label.asText().equalsIgnoreCase("HALLUCINATED") || label.asText().equals("1")
                                : label.asDouble() >= 0.5;
                        resolutions = scorer.check(j.path("text").asText());
                    }
                    boolean predicted = eval.add(hallucinated, type, resolutions);
                    if (errors && predicted != hallucinated) {
                        System.err.println((hallucinated ? "MISSED " : "FALSE+ ") + type + " " + line.substring(0, Math.min(300, line.length()))
                                + "\n    -> " + resolutions.stream().map(r -> r.status() + " " + r.explanation() + " | cited venue: "
                                + r.reference().venue + " | db venue: " + (r.match() == null ? null : r.match().venue())).toList());
                    }
                }
                System.out.println(JsonLines.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(eval.report()));
            }
            return 0;
        }
    }

    static List<ToxicityEvaluation.Item> loadToxicityItems(Path input) throws Exception {
        List<ToxicityEvaluation.Item> items = new ArrayList<>();
        if (input.getFileName().toString().endsWith(".csv")) {
            for (ToxicityDatasets.Example e : ToxicityDatasets.hatemoji(input, "eval")) {
                items.add(new ToxicityEvaluation.Item(e.text(), e.labels().get("toxicity"), e.groups()));
            }
            return items;
        }
        for (String line : Files.readAllLines(input)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode j = JsonLines.MAPPER.readTree(line);
            List<String> groups = new ArrayList<>();
            JsonNode g = j.get("group");
            if (g != null && g.isArray()) {
                g.forEach(x -> groups.add(x.asText()));
            } else if (g != null && !g.isNull()) {
                groups.add(g.asText());
            }
            JsonNode label = j.get("label");
            boolean positive = ToxicityCommand.isToxic(label);
            items.add(new ToxicityEvaluation.Item(j.get("text").asText(), positive, groups));
        }
        return items;
    }

    @Command(name = "pii", mixinStandardHelpOptions = true,
            description = "JSON lines {text, entities: [{type, begin, end}], hard_negatives (optional): [{begin, end}]}; "
                    + "per-type and micro precision, recall, F1 and F2 (a prediction is correct when it overlaps a gold span of "
                    + "the same type) and the share of hard negatives reported. Last line: the JSON report.")
    static class Pii implements Callable<Integer> {
        @Option(names = "--input", required = true)
        Path input;

        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() throws Exception {
            var detector = PiiCommand.detector(config);
            var eval = new io.moderationstream.scoring.pii.offline.PiiEvaluation();
            for (JsonNode j : io.moderationstream.io.JsonLinesFile.readRequiring(input, "text")) {
                eval.add(spans(j.path("entities")), detector.detect(j.get("text").asText(), null), spans(j.path("hard_negatives")));
            }
            System.out.println(JsonLines.MAPPER.writeValueAsString(eval.report()));
            return 0;
        }

        private static List<io.moderationstream.scoring.pii.offline.PiiEvaluation.Gold> spans(JsonNode array) {
            List<io.moderationstream.scoring.pii.offline.PiiEvaluation.Gold> out = new java.util.ArrayList<>();
            for (JsonNode n : array) {
                out.add(new io.moderationstream.scoring.pii.offline.PiiEvaluation.Gold(n.path("type").asText(n.path("kind").asText()),
                        n.path("begin").asInt(), n.path("end").asInt()));
            }
            return out;
        }
    }
}
