package io.moderationstream.cli;

import io.moderationstream.fairness.report.FairnessReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Fairness audit tools. */
@Command(name = "fairness", mixinStandardHelpOptions = true, description = "Fairness audit tools.",
        subcommands = {FairnessCommand.Report.class})
public class FairnessCommand {

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Render a self-contained HTML audit report (tables and charts per dimension over time) from verdicts JSON lines.")
    static class Report implements Callable<Integer> {
        @Option(names = "--input", required = true, description = "verdicts.jsonl (as written by replay or read from the verdicts topic).")
        Path input;

        @Option(names = "--labels", description = "labels.jsonl: ground truth for FPR/FNR.")
        Path labels;

        @Option(names = "--out", required = true, description = "report.html")
        Path out;

        @Option(names = "--window", defaultValue = "PT1H", description = "Window length, ISO-8601 (default: ${DEFAULT-VALUE}).")
        Duration window;

        @Option(names = "--min-sample", defaultValue = "30", description = "Groups below this are reported, never flagged (default: ${DEFAULT-VALUE}).")
        int minSample;

        @Option(names = "--threshold", defaultValue = "0.8", description = "Four-fifths threshold (default: ${DEFAULT-VALUE}).")
        double threshold;

        @Override
        public Integer call() throws Exception {
            FairnessReport report = new FairnessReport(window.toMillis(), minSample, threshold, 1.96);
            FairnessReport.Computed computed = report.compute(input, labels);
            Files.writeString(out, report.render(computed, input.toString()), StandardCharsets.UTF_8);
            System.out.printf("%d verdicts, %d dimensions -> %s%n", computed.verdicts(), computed.totals().size(), out);
            return 0;
        }
    }
}
