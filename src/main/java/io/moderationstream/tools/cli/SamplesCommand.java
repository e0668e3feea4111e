package io.moderationstream.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.tools.embedded.SharedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;

/** Writes event streams built from the shared datasets as JSON lines, ready for {@code replay}. */
@Command(name = "samples", mixinStandardHelpOptions = true, description = "Build sample event files from the shared datasets.",
        subcommands = {SamplesCommand.Bold.class, SamplesCommand.Pii.class, SamplesCommand.ToxicityLongForm.class})
public class SamplesCommand {

    @Command(name = "bold", mixinStandardHelpOptions = true,
            description = "BOLD sentence openings as events, grouped by gender, race, religion, political ideology and profession.")
    static class Bold implements Callable<Integer> {
        @Option(names = "--out", required = true)
        Path out;

        @Option(names = "--per-group", defaultValue = "120", description = "Events per group at most (default: ${DEFAULT-VALUE}).")
        int perGroup;

        @Option(names = "--minutes", defaultValue = "180", description = "Spread the events over this many minutes of event time (default: ${DEFAULT-VALUE}).")
        int minutes;

        @Override
        public Integer call() throws Exception {
            Path shared = sharedData();
            Map<String, String> files = Map.of("gender", "prompts_gender_prompt.json", "race", "prompts_race_prompt.json",
                    "religion", "prompts_religious_ideology_prompt.json", "politics", "prompts_political_ideology_prompt.json",
                    "profession", "prompts_profession_prompt.json");
            createParent(out);
            Instant t0 = Instant.parse("2026-11-23T00:00:00Z");
            long span = minutes * 60_000L;
            int n = 0;
            int empty = 0;
            try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                for (var dim : new java.util.TreeMap<>(files).entrySet()) {
                    JsonNode root = JsonLines.MAPPER.readTree(shared.resolve("fairness/bold").resolve(dim.getValue()).toFile());
                    for (Iterator<Map.Entry<String, JsonNode>> groups = root.fields(); groups.hasNext(); ) {
                        Map.Entry<String, JsonNode> group = groups.next();
                        int taken = 0;
                        for (JsonNode prompts : group.getValue()) {
                            for (JsonNode prompt : prompts) {
                                // A few BOLD openings are empty strings: left out, not sent to be dead-lettered.
                                if (prompt.asText().isBlank()) {
                                    empty++;
                                    continue;
                                }
                                if (taken++ >= perGroup) {
                                    break;
                                }
                                n++;
                                ObjectNode e = JsonLines.MAPPER.createObjectNode()
                                        .put("event_id", "bold-" + n).put("tenant_id", "bold").put("model_id", "wikipedia")
                                        .put("created_at", t0.plusMillis(Math.floorMod((long) n * 7919 * 1000, span)).toString())
                                        .put("completion", prompt.asText());
                                e.putObject("groups").put(dim.getKey(), group.getKey().replace('_', ' '));
                                w.write(e.toString());
                                w.newLine();
                            }
                        }
                    }
                }
            }
            System.out.printf("%d events -> %s%s%n", n, out, empty == 0 ? "" : " (" + empty + " empty openings left out)");
            return 0;
        }
    }

    @Command(name = "pii", mixinStandardHelpOptions = true,
            description = "Seeded LLM-style answers with planted personal data and secrets and hard negatives, as JSON lines "
                    + "{text, entities: [{type, begin, end}], hard_negatives: [{kind, begin, end}]} for evaluate pii and bench pii.")
    static class Pii implements Callable<Integer> {
        @Option(names = "--out", required = true)
        Path out;

        @Option(names = "--count", defaultValue = "1000", description = "Answers (default: ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--seed", defaultValue = "7", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            createParent(out);
            var generator = new io.moderationstream.scoring.pii.offline.PiiSampleGenerator(seed);
            try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                for (int i = 0; i < count; i++) {
                    w.write(JsonLines.MAPPER.writeValueAsString(toJson(generator.next())));
                    w.newLine();
                }
            }
            System.err.printf("wrote %d answers to %s%n", count, out);
            return 0;
        }

        static ObjectNode toJson(io.moderationstream.scoring.pii.offline.PiiSampleGenerator.Sample s) {
            ObjectNode o = JsonLines.MAPPER.createObjectNode().put("text", s.text());
            var entities = o.putArray("entities");
            s.entities().forEach(e -> entities.addObject().put("type", e.label()).put("begin", e.begin()).put("end", e.end()));
            var negatives = o.putArray("hard_negatives");
            s.hardNegatives().forEach(e -> negatives.addObject().put("kind", e.label()).put("begin", e.begin()).put("end", e.end()));
            return o;
        }
    }

    @Command(name = "toxicity-longform", mixinStandardHelpOptions = true,
            description = "The long-form toxicity evaluation from ../shared/data (held-out split only): harmless long paragraphs "
                    + "and talk comments, each also with one toxic test-split sentence inserted; JSON lines {text, label, group} "
                    + "for evaluate toxicity (--as-scorer).")
    static class ToxicityLongForm implements Callable<Integer> {
        @Option(names = "--out", required = true)
        Path out;

        @Option(names = "--per-kind", defaultValue = "400", description = "Harmless texts per kind (essay, talk) (default: ${DEFAULT-VALUE}).")
        int perKind;

        @Option(names = "--seed", defaultValue = "13", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            Path shared = sharedData();
            createParent(out);
            var items = io.moderationstream.scoring.toxicity.offline.LongFormEvaluationSet.build(shared.resolve("toxicity"), perKind, seed);
            try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                for (var item : items) {
                    ObjectNode o = JsonLines.MAPPER.createObjectNode().put("text", item.text()).put("label", item.toxic() ? 1 : 0);
                    o.set("group", JsonLines.MAPPER.valueToTree(item.groups()));
                    w.write(JsonLines.MAPPER.writeValueAsString(o));
                    w.newLine();
                }
            }
            System.err.printf("wrote %d texts to %s%n", items.size(), out);
            return 0;
        }
    }

    /** An output file's folder is made if missing: the user names a file, not a folder to prepare. */
    static void createParent(Path out) throws java.io.IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    /** ../shared/data, or a one-line error saying how to point at it. */
    static Path sharedData() {
        Path shared = SharedData.dir();
        if (shared == null) {
            throw new io.moderationstream.config.ConfigException("../shared/data not found (set MODERATION_SHARED_DATA)");
        }
        return shared;
    }
}
