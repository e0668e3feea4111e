package io.moderationstream.tools.cli;

import io.moderationstream.config.JobConfig;
import io.moderationstream.fairness.report.FairnessReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Fairness audit tools. */
@Command(name = "fairness", mixinStandardHelpOptions = true, description = "Fairness audit tools.",
        subcommands = {FairnessCommand.Report.class})
public class FairnessCommand {

    /** What {@code fairness report} writes. */
    enum Format { html, json }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Recompute the per-window, per-group fairness statistics from verdicts JSON lines with the stream's own "
                    + "mapping (dimensions, intersections, per-tenant, tumbling or sliding windows from the job config) and render "
                    + "a self-contained HTML audit report, or the rows as JSON lines with the FairnessStats field names.")
    static class Report implements Callable<Integer> {
        @Option(names = "--input", required = true, description = "verdicts.jsonl (as written by replay or read from the verdicts topic).")
        Path input;

        @Option(names = "--labels", description = "labels.jsonl: ground truth for FPR/FNR (the last label of an event counts).")
        Path labels;

        @Option(names = "--out", required = true, description = "report.html, or the JSON lines file with --format json.")
        Path out;

        @Option(names = "--format", defaultValue = "html", description = "html or json (default: ${DEFAULT-VALUE}).")
        Format format;

        @Option(names = "--window", description = "Window length, ISO-8601, e.g. PT1H (default: the config's fairness.window_size).")
        Duration window;

        @Option(names = "--min-sample", description = "Groups below this are reported, never flagged (default: the config's fairness.min_sample).")
        Integer minSample;

        @Option(names = "--threshold", description = "Four-fifths threshold (default: the config's fairness.disparity_threshold).")
        Double threshold;

        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() throws Exception {
            List<String> overrides = new ArrayList<>();
            if (window != null) {
                overrides.add("fairness.window_size=" + window.toMillis() + "ms");
            }
            if (minSample != null) {
                overrides.add("fairness.min_sample=" + minSample);
            }
            if (threshold != null) {
                overrides.add("fairness.disparity_threshold=" + threshold);
            }
            // The same default config as replay, so a report over replay's output matches its fairness.jsonl.
            JobConfig jobConfig = config.load("/jobs/embedded.yaml", overrides);
            FairnessReport report = new FairnessReport(jobConfig.fairness);
            FairnessReport.Computed computed = report.compute(input, labels);
            String body = format == Format.json ? report.renderJsonLines(computed) : report.render(computed, input.toString());
            Files.writeString(out, body, StandardCharsets.UTF_8);
            System.out.printf("%d verdicts, %d sections, %d window rows -> %s%n", computed.verdicts(), computed.totals().size(),
                    computed.windowRows().size(), out);
            return 0;
        }
    }
}
