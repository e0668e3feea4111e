package io.moderationstream.cli;

import io.moderationstream.avro.DeadLetter;
import io.moderationstream.config.JobConfig;
import io.moderationstream.embedded.CitationIndexes;
import io.moderationstream.embedded.EmbeddedRun;
import io.moderationstream.io.AvroBytes;
import io.moderationstream.io.AvroJson;
import org.apache.avro.generic.IndexedRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Runs the embedded pipeline over JSON-lines files and writes every output topic as JSON lines. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay events (and labels) from JSON lines through the embedded pipeline; write verdicts.jsonl, "
                + "fairness.jsonl, alerts.jsonl, review.jsonl and dlq.jsonl.")
public class ReplayCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "Events, one JSON object per line (GeneratedContent field names).")
    Path input;

    @Option(names = "--labels", description = "Labels, one JSON object per line (Label field names).")
    Path labels;

    @Option(names = "--output-dir", required = true, description = "Where the output files are written.")
    Path outputDir;

    @Mixin
    ConfigOptions config;

    @Mixin
    EmbeddedOptions embedded;

    @Override
    public Integer call() throws Exception {
        JobConfig jobConfig = config.load("/jobs/embedded.yaml", List.of());
        CitationIndexes.ensure(jobConfig);
        List<byte[]> events = readLines(input);
        List<byte[]> labelLines = labels == null ? List.of() : readLines(labels);
        EmbeddedRun.Result result = EmbeddedRun.run(jobConfig, events, labelLines, embedded.parallelism);
        Files.createDirectories(outputDir);
        write(outputDir.resolve("verdicts.jsonl"), result.verdicts());
        write(outputDir.resolve("review.jsonl"), result.review());
        write(outputDir.resolve("fairness.jsonl"), result.fairness());
        write(outputDir.resolve("alerts.jsonl"), result.alerts());
        writeDeadLetters(outputDir.resolve("dlq.jsonl"), result.deadLetters());
        System.out.printf("replayed %d events and %d labels in %.1f s: %d verdicts (%d review), %d dead letters, "
                        + "%d fairness rows, %d alerts -> %s%n",
                events.size(), labelLines.size(), result.jobMillis() / 1000.0, result.verdicts().size(), result.review().size(),
                result.deadLetters().size(), result.fairness().size(), result.alerts().size(), outputDir);
        return 0;
    }

    /** Every non-blank line is one record, passed on as bytes: the job itself validates and dead-letters. */
    static List<byte[]> readLines(Path file) throws IOException {
        List<byte[]> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                lines.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    static void write(Path file, List<? extends IndexedRecord> records) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (IndexedRecord r : records) {
                w.write(AvroJson.toJsonLine(r));
                w.newLine();
            }
        }
    }

    static void writeDeadLetters(Path file, List<DeadLetter> letters) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (DeadLetter d : letters) {
                var json = AvroJson.toJson(d);
                String text = AvroJson.utf8OrNull(AvroBytes.toArray(d.getRaw()));
                if (text != null) {
                    json.put("raw_text", text.length() > 2000 ? text.substring(0, 2000) : text);
                }
                w.write(AvroJson.MAPPER.writeValueAsString(json));
                w.newLine();
            }
        }
    }
}
