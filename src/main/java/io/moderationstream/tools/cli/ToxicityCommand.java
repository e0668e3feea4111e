package io.moderationstream.tools.cli;

import io.moderationstream.scoring.toxicity.offline.ThresholdCalibration;
import io.moderationstream.scoring.toxicity.offline.ToxicityDatasets;
import io.moderationstream.scoring.toxicity.offline.ToxicityEvaluation;
import io.moderationstream.scoring.toxicity.offline.ToxicityTrainer;
import io.moderationstream.scoring.toxicity.offline.TrainingSplits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.avro.GeneratedContent;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.io.AvroJson;
import io.moderationstream.scoring.toxicity.ToxicityPlugin;
import io.moderationstream.scoring.toxicity.OnnxTextEncoder;
import io.moderationstream.scoring.toxicity.ToxicityHead;
import io.moderationstream.scoring.toxicity.ToxicityScorer;
import io.moderationstream.scoring.toxicity.ToxicityScorerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Toxicity model tools: train the head, score texts. */
@Command(name = "toxicity", mixinStandardHelpOptions = true, description = "Toxicity scorer tools.",
        subcommands = {ToxicityCommand.Train.class, ToxicityCommand.Score.class, ToxicityCommand.Calibrate.class,
                ToxicityCommand.ExportTrainingData.class})
public class ToxicityCommand {

    /** Which model to use; defaults to the shipped fine-tuned classifier. */
    static class ModelOptions {
        @Option(names = "--engine", defaultValue = "finetuned", description = "finetuned (default), onnx (the light head), onnx-classifier or lexicon.")
        String engine;

        @Option(names = "--head", description = "Head JSON (default: the one in the jar).")
        String head;

        @Option(names = "--classifier-model", description = "For onnx-classifier: the .onnx file.")
        String classifierModel;

        @Option(names = "--classifier-tokenizer", description = "For onnx-classifier: its tokenizer.json.")
        String classifierTokenizer;

        @Option(names = "--labels", split = ",", description = "For onnx-classifier: label names in logit order.")
        List<String> labels = new ArrayList<>();

        @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime threads (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--text-scoring", defaultValue = "max", description = "max (each sentence alone and the whole text) "
                + "or context (each sentence judged with its neighbours) (default: ${DEFAULT-VALUE}).")
        String textScoring;

        @Option(names = "--finetuned-model", description = "For finetuned: another export (e.g. a retrained model in target/training); "
                + "its tokenizer and labels are read from the same folder's toxicity-finetuned-*.json.")
        Path finetunedModel;

        ToxicityScorerConfig config() {
            ToxicityScorerConfig c = new ToxicityScorerConfig();
            c.engine = io.moderationstream.scoring.toxicity.ToxicityEngine.fromName(engine);
            c.threads = threads;
            c.textScoring = io.moderationstream.config.ConfigErrors.byConfigName(io.moderationstream.scoring.toxicity.TextScoring.values(),
                    t -> t.name().toLowerCase(java.util.Locale.ROOT), textScoring, "--text-scoring");
            if (finetunedModel != null) {
                Path dir = finetunedModel.toAbsolutePath().getParent();
                c.finetunedModel = finetunedModel.toAbsolutePath().toString();
                c.finetunedTokenizer = dir.resolve("toxicity-finetuned-tokenizer.json").toString();
                c.finetunedLabels = dir.resolve("toxicity-finetuned-labels.json").toString();
            }
            if (head != null) {
                c.head = head;
            }
            c.classifierModel = classifierModel;
            c.classifierTokenizer = classifierTokenizer;
            c.labels = labels;
            return c;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train the classification head on the shared toxicity data and write it with its metrics.")
    static class Train implements Callable<Integer> {
        @Option(names = "--data", required = true, description = "The toxicity data directory (../shared/data/toxicity).")
        Path data;

        @Option(names = "--out", defaultValue = "src/main/resources/toxicity/head.json", description = "Head file (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--metrics-out", defaultValue = "target/toxicity-metrics.json", description = "Metrics report (default: ${DEFAULT-VALUE}).")
        Path metricsOut;

        @Option(names = "--epochs", defaultValue = "8")
        int epochs;

        @Option(names = "--seed", defaultValue = "42")
        long seed;

        @Option(names = "--threads", defaultValue = "2")
        int threads;

        @Option(names = "--embedding-cache", defaultValue = "target/toxicity-embeddings.bin",
                description = "Embeddings of the training texts are cached here, keyed by the texts (default: ${DEFAULT-VALUE}).")
        Path embeddingCache;

        @Override
        public Integer call() throws Exception {
            long start = System.currentTimeMillis();
            List<ToxicityDatasets.Example> examples = ToxicityDatasets.headSources(data);
            System.err.printf("loaded %d training texts%n", examples.size());
            ToxicityScorerConfig cfg = new ToxicityScorerConfig();
            cfg.threads = threads;
            // What the encoder sees at inference (OnnxToxicityModel), so also what the head is trained on.
            List<String> texts = examples.stream().map(e -> io.moderationstream.scoring.toxicity.EmojiText.describe(e.text())).toList();
            float[][] embeddings = EmbeddingCache.read(embeddingCache, texts);
            if (embeddings == null) {
                try (OnnxTextEncoder encoder = io.moderationstream.scoring.toxicity.OnnxToxicityModel.encoder(cfg)) {
                    embeddings = Encoders.embedAll(encoder, texts);
                }
                EmbeddingCache.write(embeddingCache, texts, embeddings);
            }
            System.err.printf("embedded in %.0f s%n", (System.currentTimeMillis() - start) / 1000.0);
            ToxicityTrainer.Result result = new ToxicityTrainer(epochs, seed).train(examples, embeddings, "all-minilm-l6-v2-q");
            ToxicityHead.Weights w = result.head().weights();
            w.provenance.put("command", "toxicity train --data " + data + " --epochs " + epochs + " --seed " + seed);
            w.provenance.put("trained_at", Instant.now().toString());
            w.provenance.put("training_texts", examples.size());
            w.provenance.put("train_counts", result.trainCounts());
            w.provenance.put("test_auc", result.testAuc());
            Files.createDirectories(out.toAbsolutePath().getParent());
            result.head().save(out);

            ObjectNode metrics = JsonLines.MAPPER.createObjectNode();
            metrics.set("test_auc", JsonLines.MAPPER.valueToTree(result.testAuc()));
            metrics.set("train_counts", JsonLines.MAPPER.valueToTree(result.trainCounts()));
            Path validation = data.resolve("hatemoji-build/HatemojiBuild_validation.csv");
            if (Files.exists(validation)) {
                try (var model = new io.moderationstream.scoring.toxicity.OnnxToxicityModel(io.moderationstream.scoring.toxicity.OnnxToxicityModel.encoder(cfg), result.head())) {
                    metrics.set("hatemoji_validation", Evaluate.evaluate(EvaluateCommand.loadToxicityItems(validation), model, 0.5));
                }
            }
            Files.createDirectories(metricsOut.toAbsolutePath().getParent());
            JsonLines.MAPPER.writerWithDefaultPrettyPrinter().writeValue(metricsOut.toFile(), metrics);
            System.out.println(JsonLines.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(metrics));
            System.err.printf("head written to %s in %.0f s%n", out, (System.currentTimeMillis() - start) / 1000.0);
            return 0;
        }
    }

    @Command(name = "export-training-data", mixinStandardHelpOptions = true,
            description = "Write the fine-tuning data as JSON lines: every source's texts as the model sees them (emoji spelled out), "
                    + "tokenized by the model's own tokenizer, with masked soft targets, source, groups and split.")
    static class ExportTrainingData implements Callable<Integer> {
        @Option(names = "--data", required = true, description = "The toxicity data directory (../shared/data/toxicity).")
        Path data;

        @Option(names = "--tokenizer", required = true, description = "The encoder's tokenizer.json.")
        Path tokenizer;

        @Option(names = "--out", defaultValue = "target/toxicity-training.jsonl", description = "Output (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--max-tokens", defaultValue = "64", description = "Truncation length (default: ${DEFAULT-VALUE}).")
        int maxTokens;

        @Option(names = "--sources", defaultValue = "shipped", description = "shipped (the sources the committed model was "
                + "trained on, so train.sh reproduces it) or v3 (also ToxiGen, Toxic Spans, benign-longform, Wikipedia talk) "
                + "(default: ${DEFAULT-VALUE}).")
        String sources;

        @Override
        public Integer call() throws Exception {
            if (!sources.equals("shipped") && !sources.equals("v3")) {
                throw new io.moderationstream.config.ConfigException("--sources is '" + sources + "', expected shipped or v3");
            }
            List<ToxicityDatasets.Example> examples = ToxicityDatasets.load(data, sources.equals("v3"));
            List<ToxicityDatasets.Example> validation = ToxicityDatasets.hatemoji(data.resolve("hatemoji-build/HatemojiBuild_validation.csv"), "hatemoji-validation");
            Files.createDirectories(out.toAbsolutePath().getParent());
            Map<String, Integer> counts = new java.util.TreeMap<>();
            try (var tok = ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(tokenizer, Map.of(
                    "padding", "false", "truncation", "true", "maxLength", Integer.toString(maxTokens)));
                 var writer = Files.newBufferedWriter(out)) {
                for (var e : examples) {
                    write(writer, tok, e, TrainingSplits.isTest(e.splitKey()) ? "test" : "train");
                    counts.merge(e.source(), 1, Integer::sum);
                }
                for (var e : validation) {
                    write(writer, tok, e, "validation");
                }
                List<String> probes = TrainingSplits.probeTexts(examples);
                for (String text : probes) {
                    write(writer, tok, new ToxicityDatasets.Example(text, Map.of(), "probe", List.of()), "probe");
                }
            }
            System.err.printf("wrote %d examples (+%d validation) to %s: %s%n", examples.size(), validation.size(), out, counts);
            return 0;
        }

        private static void write(java.io.Writer writer, ai.djl.huggingface.tokenizers.HuggingFaceTokenizer tok,
                                  ToxicityDatasets.Example e, String split) throws java.io.IOException {
            ObjectNode o = JsonLines.MAPPER.createObjectNode();
            o.put("source", e.source());
            o.put("split", split);
            o.put("text", e.text());
            var ids = o.putArray("ids");
            for (long id : tok.encode(io.moderationstream.scoring.toxicity.EmojiText.describe(e.text())).getIds()) {
                ids.add(id);
            }
            o.set("targets", JsonLines.MAPPER.valueToTree(e.targets()));
            o.set("groups", JsonLines.MAPPER.valueToTree(e.groups()));
            writer.write(JsonLines.MAPPER.writeValueAsString(o));
            writer.write('\n');
        }
    }

    @Command(name = "score", mixinStandardHelpOptions = true,
            description = "Read JSON lines {\"text\": ...}; print one JSON line of attribute probabilities and evidence spans per input.")
    static class Score implements Callable<Integer> {
        @Option(names = "--input", description = "JSON-lines file (default: standard input).")
        Path input;

        @Mixin
        ModelOptions model;

        @Override
        public Integer call() throws Exception {
            ToxicityScorerConfig cfg = model.config();
            int failed;
            try (ToxicityScorer scorer = new ToxicityScorer(ToxicityPlugin.model(cfg), cfg.includePrompt, cfg.maxSentences, cfg.textScoring)) {
                failed = JsonLines.map(input, System.out, json -> {
                    String text = json.path("text").asText(null);
                    if (text == null) {
                        throw new IllegalArgumentException("each line needs a text field");
                    }
                    try {
                        ScorerResult r = scorer.score(List.of(event(text))).get(0);
                        ObjectNode o = JsonLines.MAPPER.createObjectNode();
                        o.set("scores", JsonLines.MAPPER.valueToTree(r.getScores()));
                        o.set("spans", AvroJson.toJson(r).get("evidence"));
                        return o;
                    } catch (Exception e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                });
            }
            return JsonLines.exitCode(failed, "toxicity score");
        }
    }

    static GeneratedContent event(String text) {
        return GeneratedContent.newBuilder().setEventId("cli").setTenantId("cli").setModelId("cli")
                .setCreatedAt(Instant.now()).setCompletion(text).setGroups(Map.of()).setMetadata(Map.of()).build();
    }

    /** Embeddings of a text list on disk, valid only for exactly the same texts. */
    static final class EmbeddingCache {
        private EmbeddingCache() {}

        static float[][] read(Path file, List<String> texts) throws java.io.IOException {
            if (!Files.exists(file)) {
                return null;
            }
            try (var in = new java.io.DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
                if (in.readInt() != texts.hashCode() || in.readInt() != texts.size()) {
                    return null;
                }
                int dim = in.readInt();
                float[][] out = new float[texts.size()][dim];
                for (float[] row : out) {
                    for (int d = 0; d < dim; d++) {
                        row[d] = in.readFloat();
                    }
                }
                return out;
            }
        }

        static void write(Path file, List<String> texts, float[][] embeddings) throws java.io.IOException {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (var out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
                out.writeInt(texts.hashCode());
                out.writeInt(texts.size());
                out.writeInt(embeddings[0].length);
                for (float[] row : embeddings) {
                    for (float v : row) {
                        out.writeFloat(v);
                    }
                }
            }
        }
    }

    /** Shared helpers for the toxicity commands. */
    static final class Encoders {
        private Encoders() {}

        static float[][] embedAll(OnnxTextEncoder encoder, List<String> texts) throws Exception {
            float[][] out = new float[texts.size()][];
            int batch = 64;
            for (int i = 0; i < texts.size(); i += batch) {
                List<String> chunk = texts.subList(i, Math.min(texts.size(), i + batch));
                float[][] e = encoder.embed(chunk);
                System.arraycopy(e, 0, out, i, e.length);
                if ((i / batch) % 50 == 0) {
                    System.err.printf("  embedded %d / %d%n", i + chunk.size(), texts.size());
                }
            }
            return out;
        }
    }

    /** Scoring a labelled set with a model. */
    static final class Evaluate {
        private Evaluate() {}

        /**
         * The toxicity the branch would give each text: the whole text and each of its sentences scored, the maximum
         * taken ({@code ToxicityScorer}), instead of the model on the (truncated) whole text alone.
         */
        static JsonNode evaluateAsScorer(List<ToxicityEvaluation.Item> items, io.moderationstream.scoring.toxicity.ToxicityModel model,
                                         int maxSentences, io.moderationstream.scoring.toxicity.TextScoring textScoring,
                                         double threshold) throws Exception {
            return ToxicityEvaluation.report(items, scoresAsScorer(items, model, maxSentences, textScoring), threshold, 10);
        }

        /** Each text's toxicity as the branch gives it. */
        static double[] scoresAsScorer(List<ToxicityEvaluation.Item> items, io.moderationstream.scoring.toxicity.ToxicityModel model,
                                       int maxSentences, io.moderationstream.scoring.toxicity.TextScoring textScoring) throws Exception {
            double[] scores = new double[items.size()];
            // Not closed here: the scorer would close the model, which the caller owns.
            var scorer = new ToxicityScorer(model, false, maxSentences, textScoring);
            int batch = 32;
            for (int i = 0; i < items.size(); i += batch) {
                List<io.moderationstream.avro.GeneratedContent> events = new ArrayList<>();
                for (int k = i; k < Math.min(items.size(), i + batch); k++) {
                    events.add(io.moderationstream.avro.GeneratedContent.newBuilder().setEventId("e" + k).setTenantId("t")
                            .setModelId("m").setCreatedAt(java.time.Instant.EPOCH).setCompletion(items.get(k).text())
                            .setGroups(Map.of()).setMetadata(Map.of()).build());
                }
                var results = scorer.score(events);
                for (int k = 0; k < results.size(); k++) {
                    scores[i + k] = results.get(k).getScores().getOrDefault("toxicity", 0.0);
                }
            }
            return scores;
        }

        static JsonNode evaluate(List<ToxicityEvaluation.Item> items, io.moderationstream.scoring.toxicity.ToxicityModel model,
                                 double threshold) throws Exception {
            double[] scores = new double[items.size()];
            int toxicity = Math.max(0, model.attributes().indexOf("toxicity"));
            int batch = 64;
            for (int i = 0; i < items.size(); i += batch) {
                List<String> chunk = new ArrayList<>();
                for (int k = i; k < Math.min(items.size(), i + batch); k++) {
                    chunk.add(items.get(k).text());
                }
                float[][] p = model.predict(chunk);
                for (int k = 0; k < p.length; k++) {
                    scores[i + k] = p[k][toxicity];
                }
            }
            return ToxicityEvaluation.report(items, scores, threshold, 10);
        }
    }

    @Command(name = "calibrate", mixinStandardHelpOptions = true,
            description = "Derive toxicity_review and toxicity_block from a sample of your own traffic: JSON lines {text, label "
                    + "(optional, 0/1)} scored as the branch scores them. With labels, the thresholds keep the harmless texts' flag "
                    + "rate at --review-rate and --block-rate and the recall at each is reported; without labels the sample is "
                    + "taken as (nearly) all harmless. --prevalence also reports the thresholds that make the model's "
                    + "probabilities mean what they say at your prevalence. Last line: JSON, with the --set lines to use.")
    static class Calibrate implements Callable<Integer> {
        @Option(names = "--input", required = true)
        Path input;

        @Option(names = "--review-rate", defaultValue = "0.02", description = "Harmless texts sent to review, at most (default: ${DEFAULT-VALUE}).")
        double reviewRate;

        @Option(names = "--block-rate", defaultValue = "0.002", description = "Harmless texts blocked, at most (default: ${DEFAULT-VALUE}).")
        double blockRate;

        @Option(names = "--prevalence", description = "The toxic share of your traffic (e.g. 0.03), for probability thresholds.")
        Double prevalence;

        @Option(names = "--training-prevalence", defaultValue = "0.5",
                description = "The toxic share the model was trained at (default: ${DEFAULT-VALUE}, the shipped model's balanced sampling).")
        double trainingPrevalence;

        @Mixin
        ModelOptions model;

        @Override
        public Integer call() throws Exception {
            List<ToxicityEvaluation.Item> items = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (JsonNode j : io.moderationstream.io.JsonLinesFile.readRequiring(input, "text")) {
                JsonNode label = j.get("label");
                labels.add(label == null || label.isNull() ? -1 : isToxic(label) ? 1 : 0);
                items.add(new ToxicityEvaluation.Item(j.get("text").asText(), labels.get(labels.size() - 1) == 1, List.of()));
            }
            if (items.isEmpty()) {
                throw new io.moderationstream.config.ConfigException(input + " holds no texts to calibrate on");
            }
            ToxicityScorerConfig cfg = model.config();
            double[] scores;
            try (var m = ToxicityPlugin.model(cfg)) {
                scores = Evaluate.scoresAsScorer(items, m, cfg.maxSentences, cfg.textScoring);
            }
            boolean labelled = labels.stream().anyMatch(l -> l >= 0);
            double[] harmless = java.util.stream.IntStream.range(0, scores.length)
                    .filter(i -> labelled ? labels.get(i) == 0 : true).mapToDouble(i -> scores[i]).toArray();
            double[] toxic = java.util.stream.IntStream.range(0, scores.length).filter(i -> labels.get(i) == 1).mapToDouble(i -> scores[i]).toArray();
            double review = ThresholdCalibration.thresholdForRate(harmless, reviewRate);
            double block = Math.max(review, ThresholdCalibration.thresholdForRate(harmless, blockRate));
            ObjectNode out = JsonLines.MAPPER.createObjectNode();
            out.put("texts", scores.length).put("labelled", labelled).put("harmless", harmless.length).put("toxic", toxic.length);
            out.put("text_scoring", cfg.textScoring.name().toLowerCase(java.util.Locale.ROOT));
            ObjectNode rates = out.putObject("for_rates");
            rates.put("toxicity_review", round(review)).put("harmless_flagged", round(ThresholdCalibration.rateAtOrAbove(harmless, review)))
                    .put("toxicity_block", round(block)).put("harmless_blocked", round(ThresholdCalibration.rateAtOrAbove(harmless, block)));
            if (toxic.length > 0) {
                rates.put("toxic_caught_at_review", round(ThresholdCalibration.rateAtOrAbove(toxic, review)))
                        .put("toxic_caught_at_block", round(ThresholdCalibration.rateAtOrAbove(toxic, block)));
            }
            rates.put("set", "--set policy.defaults.toxicity_review=" + round(review) + " --set policy.defaults.toxicity_block=" + round(block));
            if (prevalence != null) {
                if (!(prevalence > 0 && prevalence < 1) || !(trainingPrevalence > 0 && trainingPrevalence < 1)) {
                    throw new io.moderationstream.config.ConfigException("--prevalence and --training-prevalence must be in (0, 1)");
                }
                double pReview = ThresholdCalibration.rawThreshold(0.5, trainingPrevalence, prevalence);
                double pBlock = ThresholdCalibration.rawThreshold(0.85, trainingPrevalence, prevalence);
                out.putObject("for_prevalence").put("prevalence", prevalence).put("training_prevalence", trainingPrevalence)
                        .put("toxicity_review", round(pReview)).put("toxicity_block", round(pBlock))
                        .put("meaning", "a score at toxicity_review is a 50 % chance of toxic at your prevalence; at toxicity_block 85 %")
                        .put("harmless_flagged", round(ThresholdCalibration.rateAtOrAbove(harmless, pReview)));
            }
            System.out.println(JsonLines.MAPPER.writeValueAsString(out));
            return 0;
        }

        private static double round(double v) {
            return Math.round(v * 10_000) / 10_000.0;
        }
    }

    /** A label field as the evaluation files write it: true/false, 0/1 or a vote share (toxic from 0.5). */
    static boolean isToxic(JsonNode label) {
        return label.isBoolean() ? label.asBoolean() : label.asDouble() >= 0.5;
    }
}
