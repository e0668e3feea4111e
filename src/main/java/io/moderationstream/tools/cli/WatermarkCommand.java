package io.moderationstream.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.tools.embedded.SharedData;
import io.moderationstream.scoring.watermark.Detection;
import io.moderationstream.scoring.watermark.Tokenizers;
import io.moderationstream.scoring.watermark.WatermarkDetector;
import io.moderationstream.scoring.watermark.WatermarkGenerator;
import io.moderationstream.scoring.watermark.WatermarkParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** The watermark detector as a command-line tool. */
@Command(name = "watermark", mixinStandardHelpOptions = true, description = "Kirchenbauer green-list watermark tools.",
        subcommands = {WatermarkCommand.Detect.class, WatermarkCommand.Power.class})
public class WatermarkCommand {

    /** Detector parameters; defaults are transformers' own. */
    static class DetectorOptions {
        @Option(names = "--greenlist-ratio", defaultValue = "0.25", description = "γ (default: ${DEFAULT-VALUE}).")
        double greenlistRatio;

        @Option(names = "--hashing-key", defaultValue = "15485863", description = "The watermark key (default: ${DEFAULT-VALUE}).")
        long hashingKey;

        @Option(names = "--hashing-key-env", description = "Read the key from this environment variable instead (keeps it out of ps and shell history).")
        String hashingKeyEnv;

        @Option(names = "--seeding-scheme", defaultValue = "lefthash", description = "lefthash or selfhash (default: ${DEFAULT-VALUE}).")
        String seedingScheme;

        @Option(names = "--context-width", defaultValue = "1", description = "Context tokens hashed per step (default: ${DEFAULT-VALUE}).")
        int contextWidth;

        @Option(names = "--vocab-size", defaultValue = "50257", description = "Vocabulary size (default: ${DEFAULT-VALUE}, GPT-2).")
        int vocabSize;

        @Option(names = "--bos-token-id", defaultValue = "50256", description = "A leading token with this id is dropped (default: ${DEFAULT-VALUE}).")
        int bosTokenId;

        @Option(names = "--z-threshold", defaultValue = "3.0", description = "prediction = z_score > threshold (default: ${DEFAULT-VALUE}).")
        double zThreshold;

        @Option(names = "--ignore-repeated-ngrams", description = "Count each distinct n-gram once (lm-watermarking semantics; "
                + "transformers accepts this flag but it has no effect there, so leave it off to reproduce transformers).")
        boolean ignoreRepeatedNgrams;

        @Option(names = "--exact-p-value", description = "Exact normal tail p-value instead of transformers' approximation.")
        boolean exactPValue;

        @Option(names = "--window-size", defaultValue = "0", description = "Also report the max z over sliding windows of this many scored tokens (0: off).")
        int windowSize;

        WatermarkParams params() {
            WatermarkParams p = new WatermarkParams();
            p.greenlistRatio = greenlistRatio;
            p.hashingKey = hashingKeyEnv == null ? hashingKey : Long.parseLong(required(System.getenv(hashingKeyEnv), hashingKeyEnv));
            p.seedingScheme = WatermarkParams.SeedingScheme.valueOf(seedingScheme.toUpperCase(Locale.ROOT));
            p.contextWidth = contextWidth;
            p.vocabSize = vocabSize;
            p.bosTokenId = bosTokenId;
            p.zThreshold = zThreshold;
            p.ignoreRepeatedNgrams = ignoreRepeatedNgrams;
            p.exactPValue = exactPValue;
            p.windowSize = windowSize;
            p.validate();
            return p;
        }

        private static String required(String value, String name) {
            if (value == null) {
                throw new IllegalArgumentException("environment variable " + name + " is not set");
            }
            return value;
        }
    }

    @Command(name = "detect", mixinStandardHelpOptions = true,
            description = "Read JSON lines {\"token_ids\": [...]} or {\"text\": \"...\"}; print one JSON line of detector output per input.")
    static class Detect implements Callable<Integer> {
        @Mixin
        DetectorOptions detector;

        @Option(names = "--input", description = "JSON-lines file (default: standard input).")
        Path input;

        @Option(names = "--tokenizer", defaultValue = "gpt2", description = "Tokenizer for {\"text\"} inputs (default: ${DEFAULT-VALUE}).")
        String tokenizer;

        @Option(names = "--green-mask", description = "Also print the per-token green mask.")
        boolean greenMask;

        @Override
        public Integer call() throws Exception {
            WatermarkDetector d = new WatermarkDetector(detector.params(), 4096);
            Tokenizers tokenizers = new Tokenizers();
            int failed = JsonLines.map(input, System.out, json -> {
                int[] ids;
                // input_ids: the name transformers uses, accepted as an alias.
                JsonNode tokenIds = json.has("token_ids") ? json.get("token_ids") : json.get("input_ids");
                if (tokenIds != null) {
                    ids = new int[tokenIds.size()];
                    for (int i = 0; i < ids.length; i++) {
                        ids[i] = tokenIds.get(i).asInt();
                    }
                } else if (json.has("text")) {
                    ids = tokenizers.encode(tokenizer, json.get("text").asText());
                } else {
                    throw new IllegalArgumentException("each line needs token_ids or text");
                }
                return toJson(d.detect(ids), greenMask);
            });
            return JsonLines.exitCode(failed, "watermark detect");
        }
    }

    static ObjectNode toJson(Detection d, boolean withMask) {
        ObjectNode o = JsonLines.MAPPER.createObjectNode();
        o.put("num_tokens_scored", d.numTokensScored());
        o.put("num_green_tokens", d.numGreenTokens());
        o.put("green_fraction", d.greenFraction());
        o.put("z_score", d.zScore());
        o.put("p_value", d.pValue());
        o.put("prediction", d.prediction());
        o.put("confidence", d.confidence());
        if (!Double.isNaN(d.windowMaxZ())) {
            o.put("window_max_z", d.windowMaxZ());
            o.put("window_start", d.windowStart());
            o.put("window_end", d.windowEnd());
        }
        if (withMask) {
            ArrayNode mask = o.putArray("green_mask");
            for (boolean b : d.greenMask()) {
                mask.add(b);
            }
        }
        return o;
    }

    @Command(name = "power", mixinStandardHelpOptions = true,
            description = "Detection power: TPR at the z threshold on generated watermarked sequences of several lengths, "
                    + "and the FPR on real unwatermarked model output (DecodingTrust, re-tokenized with GPT-2 BPE).")
    static class Power implements Callable<Integer> {
        @Mixin
        DetectorOptions detector;

        @Option(names = "--bias", defaultValue = "2.0", description = "δ added to green logits at generation (default: ${DEFAULT-VALUE}).")
        double bias;

        @Option(names = "--lm-zipf-exponent", defaultValue = "1.1",
                description = "Shape of the synthetic LM; higher = lower entropy = harder to watermark (default: ${DEFAULT-VALUE}).")
        double zipfExponent;

        @Option(names = "--sequences", defaultValue = "200", description = "Sequences per length (default: ${DEFAULT-VALUE}).")
        int sequences;

        @Option(names = "--human-texts", defaultValue = "2000", description = "Unwatermarked texts for the FPR (default: ${DEFAULT-VALUE}).")
        int humanTexts;

        @Override
        public Integer call() throws Exception {
            WatermarkParams p = detector.params();
            WatermarkDetector d = new WatermarkDetector(p, 8192);
            ObjectNode report = JsonLines.MAPPER.createObjectNode();
            report.put("seeding_scheme", detector.seedingScheme).put("context_width", p.contextWidth)
                    .put("greenlist_ratio", p.greenlistRatio).put("bias", bias).put("lm_zipf_exponent", zipfExponent).put("z_threshold", p.zThreshold)
                    .put("exact_p_value", p.exactPValue).put("ignore_repeated_ngrams", p.ignoreRepeatedNgrams);
            ObjectNode tpr = report.putObject("tpr");
            ObjectNode fprSynthetic = report.putObject("fpr_synthetic");
            for (int length : new int[] {50, 100, 200}) {
                WatermarkGenerator gen = new WatermarkGenerator(p, bias, 1000 + length, zipfExponent);
                int hits = 0;
                int falseHits = 0;
                for (int s = 0; s < sequences; s++) {
                    hits += d.detect(gen.generate(length + 1, true)).prediction() ? 1 : 0;
                    falseHits += d.detect(gen.generate(length + 1, false)).prediction() ? 1 : 0;
                }
                tpr.put(Integer.toString(length), (double) hits / sequences);
                fprSynthetic.put(Integer.toString(length), (double) falseHits / sequences);
            }
            Path shared = SharedData.dir();
            if (shared != null) {
                Tokenizers tokenizers = new Tokenizers();
                List<String> texts = humanTexts(shared.resolve("toxicity/decodingtrust/system_prompt_generations_gpt35_gpt4.jsonl.gz"), humanTexts);
                int scored = 0;
                int flagged = 0;
                for (String text : texts) {
                    int[] ids = tokenizers.encode("gpt2", text);
                    if (ids.length < 2 * p.contextWidth + 2) {
                        continue;
                    }
                    scored++;
                    flagged += d.detect(ids).prediction() ? 1 : 0;
                }
                report.put("fpr_decodingtrust", scored == 0 ? 0.0 : (double) flagged / scored);
                report.put("decodingtrust_texts", scored);
            }
            System.out.println(JsonLines.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            return 0;
        }

        static List<String> humanTexts(Path gz, int limit) throws Exception {
            List<String> texts = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(
                    new java.util.zip.GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null && texts.size() < limit) {
                    JsonNode row = JsonLines.MAPPER.readTree(line);
                    String text = row.path("continuation").asText("");
                    if (!text.isBlank()) {
                        texts.add(text);
                    }
                }
            }
            return texts;
        }
    }
}
