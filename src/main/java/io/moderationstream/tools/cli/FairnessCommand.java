package io.moderationstream.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.config.ConfigException;
import io.moderationstream.config.JobConfig;
import io.moderationstream.fairness.Observation;
import io.moderationstream.fairness.derived.DimensionDeriver;
import io.moderationstream.fairness.report.VerdictFiles;
import io.moderationstream.fairness.slices.SliceDefinitions;
import io.moderationstream.fairness.slices.SliceDiscovery;
import io.moderationstream.fairness.slices.SliceMetric;
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
import java.util.Map;
import java.util.concurrent.Callable;

/** Fairness audit tools. */
@Command(name = "fairness", mixinStandardHelpOptions = true, description = "Fairness audit tools.",
        subcommands = {FairnessCommand.Report.class, FairnessCommand.Discover.class, FairnessCommand.Dimensions.class})
public class FairnessCommand {

    /** What {@code fairness report} writes. */
    enum Format { html, json }

    @Command(name = "dimensions", mixinStandardHelpOptions = true,
            description = "The fairness dimensions the stream derives from a text (fairness.derived of the config): JSON lines with a "
                    + "\"text\" field (and optionally \"tenant_id\") in; one JSON line out per input line, in order: "
                    + "{\"mentioned_identity\": [...], \"mentioned_identity_category\": [...], \"language\": [\"en\"]}. "
                    + "Exit 1 if a line was unreadable.")
    static class Dimensions implements Callable<Integer> {
        @Option(names = "--input", description = "JSON-lines file (default: standard input).")
        Path input;

        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() throws Exception {
            JobConfig jobConfig = config.load("/jobs/embedded.yaml", List.of());
            DimensionDeriver deriver = new DimensionDeriver(jobConfig.fairness.derived).open();
            int failed = JsonLines.map(input, System.out, json -> {
                String text = JsonLines.requiredText(json);
                JsonNode tenant = json.get("tenant_id");
                Map<String, List<String>> derived = deriver.derive(tenant == null ? null : tenant.asText(), text);
                ObjectNode out = JsonLines.MAPPER.createObjectNode();
                for (String dimension : deriver.dimensions()) {
                    derived.getOrDefault(dimension, List.of()).forEach(out.putArray(dimension)::add);
                }
                return out;
            });
            return JsonLines.exitCode(failed, "fairness dimensions");
        }
    }

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

        @Option(names = "--slices", description = "Submitted slice definitions (JSON lines, as for slices submit) to evaluate over the whole input.")
        Path slices;

        @Option(names = "--window", description = "Window length as in the config files (1h, 30min) or ISO-8601 (PT1H) "
                + "(default: the config's fairness.window_size).")
        String window;

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
                overrides.add("fairness.window_size=" + configDuration(window));
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
            FairnessReport.Computed computed = report.compute(input, labels,
                    slices == null ? List.of() : SliceDefinitions.read(slices, java.time.Instant.now()));
            String body = format == Format.json ? report.renderJsonLines(computed) : report.render(computed, input.toString());
            SamplesCommand.createParent(out);
            Files.writeString(out, body, StandardCharsets.UTF_8);
            System.out.printf("%d verdicts, %d sections, %d window rows -> %s%n", computed.verdicts(), computed.totals().size(),
                    computed.windowRows().size(), out);
            return 0;
        }
    }

    @Command(name = "discover", mixinStandardHelpOptions = true,
            description = "Search every conjunction of up to --max-order attribute values (group dimensions, tenant_id, model_id) for "
                    + "the slices treated worst on one metric against their complement; print JSON lines, worst first, ranked by the "
                    + "lower confidence bound of the disparity, with Benjamini-Hochberg control across all slices tested.")
    static class Discover implements Callable<Integer> {
        @Option(names = "--input", required = true, description = "verdicts.jsonl")
        Path input;

        @Option(names = "--labels", description = "labels.jsonl: ground truth, needed for fpr and fnr (the last label of an event counts).")
        Path labels;

        @Option(names = "--metric", description = "fpr, fnr or flag_rate (default: fpr with --labels, else flag_rate).")
        String metric;

        @Option(names = "--max-order", defaultValue = "2", description = "Most conditions per slice (default: ${DEFAULT-VALUE}).")
        int maxOrder;

        @Option(names = "--min-sample", defaultValue = "30", description = "Slices with fewer trials are not tested (default: ${DEFAULT-VALUE}).")
        int minSample;

        @Option(names = "--top", defaultValue = "10", description = "How many slices to print (default: ${DEFAULT-VALUE}).")
        int top;

        @Option(names = "--fdr", defaultValue = "0.05", description = "False discovery rate for 'significant' (default: ${DEFAULT-VALUE}).")
        double fdr;

        @Override
        public Integer call() throws Exception {
            SliceMetric chosen = parseMetric();
            if (chosen.needsLabels() && labels == null) {
                throw new ConfigException("--metric " + chosen.id() + " needs --labels (ground truth)");
            }
            if (maxOrder < 1 || minSample < 1 || top < 1 || fdr <= 0 || fdr >= 1) {
                throw new ConfigException("--max-order, --min-sample and --top must be at least 1, --fdr between 0 and 1");
            }
            Map<String, Boolean> truth = labels == null ? Map.of() : VerdictFiles.lastToxicLabels(labels);
            SliceDiscovery discovery = new SliceDiscovery(chosen, maxOrder, minSample, 1.96, fdr, 1_000_000);
            for (Observation o : VerdictFiles.observations(input)) {
                discovery.add(o, truth.get(o.eventId));
            }
            List<SliceDiscovery.Finding> findings = discovery.findings();
            for (SliceDiscovery.Finding f : findings.subList(0, Math.min(top, findings.size()))) {
                System.out.println(JSON.writeValueAsString(line(f)));
            }
            return 0;
        }

        private SliceMetric parseMetric() {
            if (metric == null) {
                return labels == null ? SliceMetric.FLAG_RATE : SliceMetric.FPR;
            }
            for (SliceMetric m : SliceMetric.values()) {
                if (m.id().equalsIgnoreCase(metric)) {
                    return m;
                }
            }
            throw new ConfigException("--metric must be fpr, fnr or flag_rate, got '" + metric + "'");
        }

        private static ObjectNode line(SliceDiscovery.Finding f) {
            ObjectNode n = JSON.createObjectNode();
            ObjectNode slice = n.putObject("slice");
            f.slice().asMap().forEach(slice::put);
            n.put("metric", f.metric().id()).put("value", f.value()).put("ci_low", f.ciLow()).put("ci_high", f.ciHigh())
                    .put("reference_value", f.referenceValue()).put("count", f.count()).put("p_value", f.pValue())
                    .put("significant", f.significant()).put("q_value", f.qValue()).put("reference_count", f.referenceCount())
                    .put("disparity", f.disparity()).put("disparity_ci_low", f.disparityCiLow());
            return n;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A duration as the config files write it ("1h"); ISO-8601 ("PT1H") is accepted too and converted. */
    static String configDuration(String text) {
        String t = text.strip();
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                return Duration.parse(t.toUpperCase(java.util.Locale.ROOT)).toMillis() + "ms";
            } catch (java.time.format.DateTimeParseException e) {
                throw new io.moderationstream.config.ConfigException("--window '" + text + "' is not a duration (e.g. 1h, 30min, PT1H)");
            }
        }
        return t;
    }
}
