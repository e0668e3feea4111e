package io.moderationstream.tools.cli;

import io.moderationstream.avro.DeadLetter;
import io.moderationstream.avro.Verdict;
import io.moderationstream.config.JobConfig;
import io.moderationstream.tools.embedded.CitationIndexes;
import io.moderationstream.tools.embedded.ProtectedIndexes;
import io.moderationstream.tools.embedded.EmbeddedRun;
import io.moderationstream.io.AvroBytes;
import io.moderationstream.io.AvroJson;
import io.moderationstream.io.EventDecoder;
import io.moderationstream.io.InvalidRecordException;
import io.moderationstream.io.TopicIO;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** Runs the embedded pipeline over JSON-lines files and writes every output topic as JSON lines. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay events (and labels) from JSON lines through the embedded pipeline; write verdicts.jsonl, "
                + "fairness.jsonl, alerts.jsonl, review.jsonl, slice_results.jsonl and dlq.jsonl. Exits 0 only when every input line is "
                + "accounted for (a verdict or a dead letter for each event line, a join or a dead letter for each label).")
public class ReplayCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "Events, one JSON object per line (GeneratedContent field names).")
    Path input;

    @Option(names = "--labels", description = "Labels, one JSON object per line (Label field names).")
    Path labels;

    @Option(names = "--output-dir", required = true, description = "Where the output files are written.")
    Path outputDir;

    @Option(names = "--slices", description = "Slice definitions to evaluate (JSON lines, SliceDefinition field names); "
            + "writes slice_results.jsonl.")
    Path slices;

    @Option(names = "--parquet", description = "Also write Parquet files of verdicts and fairness statistics under "
            + "DIR/parquet/verdicts/ and DIR/parquet/fairness/ (Hive-style dt=/hour= partitions), as sinks.parquet.path does.")
    boolean parquet;

    @Mixin
    ConfigOptions config;

    @Mixin
    EmbeddedOptions embedded;

    /** One non-blank line of an input file, as bytes, with its 1-based line number. */
    record Line(int number, byte[] bytes) {}

    @Override
    public Integer call() throws Exception {
        List<String> options = new java.util.ArrayList<>();
        if (parquet) {
            options.add("sinks.parquet.path=" + outputDir.toAbsolutePath().resolve("parquet").toUri());
        }
        if (slices != null) {
            if (!Files.isReadable(slices)) {
                throw new java.nio.file.NoSuchFileException(slices.toString());
            }
            options.add("fairness.slices_file=" + slices.toAbsolutePath());
        }
        JobConfig jobConfig = config.load("/jobs/embedded.yaml", options);
        List<Line> events = readLines(input);
        List<Line> labelLines = labels == null ? List.of() : readLines(labels);
        CitationIndexes.ensure(jobConfig);
        ProtectedIndexes.ensure(jobConfig);
        EmbeddedRun.Result result = EmbeddedRun.run(jobConfig, bytes(events), bytes(labelLines), embedded.parallelism);
        Files.createDirectories(outputDir);
        write(outputDir.resolve("verdicts.jsonl"), result.verdicts());
        write(outputDir.resolve("review.jsonl"), result.review());
        write(outputDir.resolve("fairness.jsonl"), result.fairness());
        write(outputDir.resolve("alerts.jsonl"), result.alerts());
        write(outputDir.resolve("slice_results.jsonl"), result.sliceResults());
        writeDeadLetters(outputDir.resolve("dlq.jsonl"), result.deadLetters());
        System.out.printf("replayed %d events and %d labels in %.1f s: %d verdicts (%d review), %d dead letters, "
                        + "%d fairness rows, %d alerts -> %s%n",
                events.size(), labelLines.size(), result.jobMillis() / 1000.0, result.verdicts().size(), result.review().size(),
                result.deadLetters().size(), result.fairness().size(), result.alerts().size(), outputDir);
        Set<String> deadLettered = new HashSet<>();
        for (DeadLetter d : result.deadLetters()) {
            deadLettered.add(d.getSourceTopic() + "/" + d.getPartition() + "/" + d.getOffset());
        }
        Set<String> verdicts = new HashSet<>();
        for (Verdict v : result.verdicts()) {
            verdicts.add(v.getEventId());
        }
        List<String> unaccounted = new ArrayList<>();
        unaccounted.addAll(reconcile(input, events, result.eventsSent(), jobConfig.topics.events, deadLettered,
                new EventDecoder(jobConfig.limits), verdicts));
        unaccounted.addAll(reconcile(labels, labelLines, result.labelsSent(), jobConfig.topics.labels, deadLettered, null, verdicts));
        if (!unaccounted.isEmpty()) {
            unaccounted.forEach(System.err::println);
            System.err.printf("replay: %d input line(s) have neither an output nor a dead letter (listed above)%n", unaccounted.size());
            return 1;
        }
        return 0;
    }

    /**
     * Every line must come out again: dead-lettered (matched by its topic, partition and offset) or, for an event
     * ({@code eventDecoder} given), with a verdict for its event_id. A line the broker refused, or one the job
     * dropped, is listed by number.
     */
    static List<String> reconcile(Path file, List<Line> lines, List<TopicIO.Sent> sent, String topic, Set<String> deadLettered,
                                  EventDecoder eventDecoder, Set<String> verdicts) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            TopicIO.Sent s = sent.get(i);
            String where = file + ":" + line.number();
            if (!s.ok()) {
                missing.add(where + ": not written to Kafka: " + s.failure().getMessage());
                continue;
            }
            if (deadLettered.contains(topic + "/" + s.partition() + "/" + s.offset()) || eventDecoder == null) {
                continue;
            }
            try {
                String eventId = eventDecoder.decodeEvent(line.bytes()).getEventId();
                if (!verdicts.contains(eventId)) {
                    missing.add(where + ": event " + eventId + " has no verdict and no dead letter");
                }
            } catch (InvalidRecordException e) {
                missing.add(where + ": not dead-lettered, yet invalid here: " + e.getMessage());
            }
        }
        return missing;
    }

    private static List<byte[]> bytes(List<Line> lines) {
        return lines.stream().map(Line::bytes).toList();
    }

    /**
     * Every line that is not blank is one record, passed on exactly as its bytes are: the job validates and
     * dead-letters (invalid UTF-8 included), so a tool that decoded here would die on input the job handles.
     */
    static List<Line> readLines(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        List<Line> lines = new ArrayList<>();
        int start = 0;
        int number = 1;
        for (int i = 0; i <= all.length; i++) {
            if (i == all.length || all[i] == '\n') {
                int end = i > start && all[i - 1] == '\r' ? i - 1 : i;
                if (!blank(all, start, end)) {
                    lines.add(new Line(number, java.util.Arrays.copyOfRange(all, start, end)));
                }
                start = i + 1;
                number++;
            }
        }
        return lines;
    }

    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
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
