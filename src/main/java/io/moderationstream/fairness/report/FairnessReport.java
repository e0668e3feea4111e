package io.moderationstream.fairness.report;

import io.moderationstream.fairness.ScorerColumns;
import io.moderationstream.scoring.ScorerPlugin;
import io.moderationstream.scoring.ScorerRegistry;

import io.moderationstream.avro.FairnessStats;
import io.moderationstream.avro.SliceDefinition;
import io.moderationstream.avro.SliceResult;
import io.moderationstream.avro.SliceStatus;
import io.moderationstream.config.JobConfig;
import io.moderationstream.fairness.DisparityCalculator;
import io.moderationstream.fairness.FairnessWindows;
import io.moderationstream.fairness.GroupAssigner;
import io.moderationstream.fairness.GroupCounts;
import io.moderationstream.fairness.GroupKey;
import io.moderationstream.fairness.GroupWindowStats;
import io.moderationstream.fairness.Observation;
import io.moderationstream.fairness.Observations;
import io.moderationstream.fairness.slices.Slice;
import io.moderationstream.fairness.slices.SliceCounts;
import io.moderationstream.fairness.slices.SliceDiscovery;
import io.moderationstream.fairness.slices.SliceMetric;
import io.moderationstream.fairness.slices.SliceMatcher;
import io.moderationstream.fairness.slices.SliceTests;
import io.moderationstream.io.AvroJson;

import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit report: reads verdicts (and optionally labels) as JSON lines and recomputes the per-window, per-group
 * statistics with the stream's own mapping ({@link Observations}), group assignment ({@link GroupAssigner}), windows
 * ({@link FairnessWindows}), aggregation ({@link GroupCounts}) and disparity ({@link DisparityCalculator}), so that on
 * the same input it gives the stream's final revision of every row. Renders one self-contained HTML file (Apache ECharts
 * inlined, no network) or the rows as JSON lines with the {@code FairnessStats} field names.
 */
public final class FairnessReport {

    private final JobConfig.FairnessConfig config;
    private final DisparityCalculator calculator;
    private final GroupAssigner groups;
    private final WindowAssigner<Object, TimeWindow> windows;

    public FairnessReport(JobConfig.FairnessConfig config) {
        this.config = config;
        this.calculator = new DisparityCalculator(config.minSample, config.disparityThreshold, config.confidenceZ);
        this.groups = new GroupAssigner(config);
        this.windows = FairnessWindows.of(config);
    }

    /** One report section: a dimension (or intersection), per tenant and model when the config keeps them apart. */
    public record Section(String dimension, String tenantId, String modelId) implements Comparable<Section> {
        static Section of(GroupKey k) {
            return new Section(k.dimension, k.tenantId, k.modelId);
        }

        String title() {
            return dimension + (tenantId.isEmpty() ? "" : " · tenant " + tenantId) + (modelId.isEmpty() ? "" : " · model " + modelId);
        }

        @Override
        public int compareTo(Section o) {
            return Comparator.comparing(Section::dimension).thenComparing(Section::tenantId).thenComparing(Section::modelId).compare(this, o);
        }
    }

    /**
     * Rows per section: per window (window start → rows, as the stream emits them) and over the whole input
     * (window bounds = first and last event time seen).
     */
    public record Computed(Map<Section, TreeMap<Long, List<FairnessStats>>> windows, Map<Section, List<FairnessStats>> totals, long verdicts,
                           List<SliceDiscovery.Finding> worstSlices, List<SliceResult> submittedSlices) {
        /** Every window row in a stable order: window, section, group. */
        public List<FairnessStats> windowRows() {
            List<FairnessStats> rows = new ArrayList<>();
            windows.values().forEach(byStart -> byStart.values().forEach(rows::addAll));
            rows.sort(Comparator.comparing((FairnessStats s) -> s.getWindowStart()).thenComparing(s -> s.getWindowEnd())
                    .thenComparing(FairnessStats::getDimension).thenComparing(s -> String.valueOf(s.getTenantId()))
                    .thenComparing(s -> String.valueOf(s.getModelId())).thenComparing(FairnessStats::getGroup));
            return rows;
        }
    }

    private static final int WORST_SLICES = 10;

    public Computed compute(Path verdicts, Path labels) throws IOException {
        return compute(verdicts, labels, List.of());
    }

    /** With submitted slices: each is evaluated over the whole input against the rest, as the stream does per window. */
    public Computed compute(Path verdicts, Path labels, List<SliceDefinition> submitted) throws IOException {
        Map<String, Boolean> toxicLabels = labels == null ? Map.of() : VerdictFiles.lastToxicLabels(labels);
        Map<GroupKey, Map<TimeWindow, GroupCounts>> perWindow = new HashMap<>();
        Map<GroupKey, GroupCounts> total = new HashMap<>();
        long n = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        // The whole input's worst slices (fairness discover's search), on FPR when ground truth is there.
        SliceDiscovery discovery = new SliceDiscovery(labels == null ? SliceMetric.FLAG_RATE : SliceMetric.FPR, 2,
                config.minSample, config.confidenceZ, 0.05, 100_000);
        SliceCounts everything = new SliceCounts();
        Map<String, SliceCounts> submittedCounts = new HashMap<>();
        Map<Slice, SliceCounts> singleValues = new HashMap<>();
        List<SliceDefinition> active = submitted.stream().filter(d -> !d.getRetired()).toList();
        SliceMatcher matcher = new SliceMatcher(active);
        for (Observation o : VerdictFiles.observations(verdicts)) {
            n++;
            Boolean label = toxicLabels.get(o.eventId);
            Observation labelled = label == null ? null : Observations.ofLabel(o, label, 1);
            discovery.add(o, label);
            List<Observation> contributions = labelled == null ? List.of(o) : List.of(o, labelled);
            for (Observation c : contributions) {
                everything.add(c);
                for (Slice.Condition a : SliceDiscovery.attributesOf(c)) {
                    singleValues.computeIfAbsent(new Slice(List.of(a)), k -> new SliceCounts()).add(c);
                }
                for (SliceDefinition d : matcher.matching(c)) {
                    submittedCounts.computeIfAbsent(d.getSliceId(), k -> new SliceCounts()).add(c);
                }
            }
            first = Math.min(first, o.eventTime);
            last = Math.max(last, o.eventTime);
            Collection<TimeWindow> ws = FairnessWindows.windowsOf(windows, o.eventTime);
            for (GroupKey key : groups.keysOf(o)) {
                List<GroupCounts> targets = new ArrayList<>();
                targets.add(total.computeIfAbsent(key, k -> new GroupCounts()));
                Map<TimeWindow, GroupCounts> byWindow = perWindow.computeIfAbsent(key, k -> new HashMap<>());
                ws.forEach(w -> targets.add(byWindow.computeIfAbsent(w, k -> new GroupCounts())));
                for (GroupCounts c : targets) {
                    c.add(o);
                    if (labelled != null) {
                        c.add(labelled);
                    }
                }
            }
        }
        // All groups of one section in one window, as the stream's window-disparity stage sees them.
        Map<Section, Map<TimeWindow, List<GroupWindowStats>>> bySection = new TreeMap<>();
        perWindow.forEach((key, byWindow) -> byWindow.forEach((w, counts) -> bySection.computeIfAbsent(Section.of(key), k -> new HashMap<>())
                .computeIfAbsent(w, k -> new ArrayList<>()).add(GroupWindowStats.of(key, w.getStart(), w.getEnd(), counts))));
        Map<Section, TreeMap<Long, List<FairnessStats>>> windowRows = new TreeMap<>();
        bySection.forEach((section, byWindow) -> byWindow.forEach((w, rows) -> windowRows.computeIfAbsent(section, k -> new TreeMap<>())
                .put(w.getStart(), stats(rows))));
        Map<Section, List<GroupWindowStats>> totalsBySection = new TreeMap<>();
        long from = n == 0 ? 0 : first;
        long to = n == 0 ? 0 : last + 1;
        total.forEach((key, counts) -> totalsBySection.computeIfAbsent(Section.of(key), k -> new ArrayList<>())
                .add(GroupWindowStats.of(key, from, to, counts)));
        Map<Section, List<FairnessStats>> totals = new TreeMap<>();
        totalsBySection.forEach((section, rows) -> totals.put(section, stats(rows)));
        List<SliceDiscovery.Finding> worst = discovery.findings();
        List<SliceResult> evaluated = SliceTests.evaluate(active, submittedCounts, everything, singleValues, from, to, 0, System.currentTimeMillis(),
                config.confidenceZ, config.sliceFalseDiscoveryRate);
        return new Computed(windowRows, totals, n, worst.subList(0, Math.min(WORST_SLICES, worst.size())), evaluated);
    }

    private List<FairnessStats> stats(List<GroupWindowStats> rows) {
        rows.sort(Comparator.comparing(g -> g.group));
        return calculator.compute(rows, 0, System.currentTimeMillis());
    }

    /** The window rows as JSON lines, with the {@code FairnessStats} field names (as the JSON fairness topic). */
    public String renderJsonLines(Computed c) {
        StringBuilder out = new StringBuilder();
        for (FairnessStats row : c.windowRows()) {
            out.append(AvroJson.toJsonLine(row)).append('\n');
        }
        return out.toString();
    }

    public String render(Computed c, String source) {
        ReportCharts charts = new ReportCharts();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Moderation fairness audit</title>")
                .append(ReportCharts.errorCollector()).append("<style>")
                .append("body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1b1f24;max-width:1100px}")
                .append("h1{margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}")
                .append("table{border-collapse:collapse;margin:.8rem 0;font-size:.9rem}th,td{padding:.3rem .6rem;border-bottom:1px solid #eee;text-align:right}")
                .append("th{background:#f6f8fa}td:first-child,th:first-child{text-align:left}.bad{color:#b42318;font-weight:600}")
                .append(".muted{color:#888}.note{color:#555;font-size:.9rem}.chart{width:100%;max-width:1000px}</style></head><body>");
        h.append("<h1>Moderation fairness audit</h1><p class=\"note\">Source: ").append(esc(source)).append(" &middot; ")
                .append(c.verdicts).append(" verdicts &middot; ").append(describeWindows()).append(" &middot; minimum sample ")
                .append(config.minSample).append(" &middot; four-fifths threshold ").append(config.disparityThreshold).append(" &middot; generated ")
                .append(Instant.now()).append("</p>");
        h.append("<p class=\"note\">The favourable outcome of moderation is <b>not being flagged</b>. <i>Pass-rate ratio</i> = a group's ")
                .append("ALLOW rate divided by the best-treated group's; <i>FPR ratio</i> = the lowest false-positive rate divided by the group's. ")
                .append("A ratio under the threshold whose Wilson intervals do not overlap the reference group's is a <span class=\"bad\">disparity</span>; ")
                .append("groups under the minimum sample are shown in grey and never flagged. Groups are listed worst-treated first. ")
                .append("Slice significance uses two-proportion z-tests where every expected count is at least 5, and an exact mid-p test otherwise. ")
                .append("Hover over a chart for the counts behind each point.</p>");
        for (var e : c.totals.entrySet()) {
            Section section = e.getKey();
            List<FairnessStats> rows = new ArrayList<>(e.getValue());
            rows.sort(ReportCharts.BY_DISPARITY);
            h.append("<h2>").append(esc(section.title())).append("</h2>");
            h.append(table(rows));
            TreeMap<Long, List<FairnessStats>> windows = c.windows.get(section);
            if (windows != null && windows.size() > 1) {
                h.append("<p class=\"note\">Flag rate per window</p>").append(charts.flagRateOverTime(windows, ReportCharts.order(rows)));
            }
            h.append("<p class=\"note\">Pass-rate ratio against the best-treated group (dashed: four-fifths threshold; red: disparity, ")
                    .append("amber: under the threshold without significance, grey: under the minimum sample)</p>")
                    .append(charts.passRateRatios(rows, config.disparityThreshold));
        }
        h.append(submittedSlices(c.submittedSlices(), charts));
        h.append(worstSlices(c.worstSlices(), charts));
        return h.append(charts.scripts()).append("</body></html>").toString();
    }

    /** The submitted slices over the whole input, each metric against the rest, with their intervals. */
    private String submittedSlices(List<SliceResult> results, ReportCharts charts) {
        if (results.isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder("<h2>Submitted slices</h2><p class=\"note\">Slices asked about (slices submit, "
                + "--slices), over the whole input against the rest of it; two-sided two-proportion tests (an exact mid-p "
                + "test where an expected count is under 5), Benjamini–Hochberg across the slices and metrics. Bar: the slice's rate, "
                + "whisker: its Wilson interval, tick: the rest.</p>");
        h.append(charts.submittedSlices(results));
        h.append("<table><tr><th>slice</th><th>submitted by</th><th>metric</th><th>n</th><th>rate (95% CI)</th><th>rest</th>"
                + "<th>best-treated group</th><th>q</th><th>status</th></tr>");
        for (SliceResult r : results) {
            h.append("<tr><td>").append(esc(r.getSliceId())).append("</td><td>").append(esc(String.valueOf(r.getSubmittedBy())))
                    .append("</td><td>").append(r.getMetric().name().toLowerCase(Locale.ROOT)).append("</td><td>").append(r.getCount())
                    .append("</td><td>").append(fmt(r.getValue())).append(" (").append(fmt(r.getCiLow())).append("–").append(fmt(r.getCiHigh()))
                    .append(")</td><td>").append(fmt(r.getComplementValue())).append("</td><td>")
                    .append(r.getBestGroup() == null ? "–" : esc(r.getBestGroup().getField() + "=" + r.getBestGroup().getValue())
                            + " " + fmt(r.getBestGroup().getRate()) + " (n " + r.getBestGroup().getCount() + ")").append("</td><td>")
                    .append(r.getQValue() == null ? "–" : String.format(Locale.ROOT, "%.2g", r.getQValue())).append("</td><td>")
                    .append(r.getStatus() == SliceStatus.DISPARITY ? "<span class=\"bad\">disparity</span>"
                            : r.getStatus().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .append("</td></tr>");
        }
        return h.append("</table>").toString();
    }

    /** The worst slices with their intervals: the slice's rate (bar and whisker) against its complement (tick). */
    private String worstSlices(List<SliceDiscovery.Finding> findings, ReportCharts charts) {
        if (findings.isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder("<h2>Worst slices</h2><p class=\"note\">Every conjunction of up to two attribute values "
                + "(group dimensions, tenant, model) with at least the minimum sample, against its complement, on "
                + findings.get(0).metric().id() + "; ranked by the lower 95% bound of the disparity, significance after "
                + "false-discovery-rate control (Benjamini–Yekutieli, 5%) of one-sided two-proportion tests (an exact mid-p test "
                + "where an expected count is under 5). Bar: the slice's rate, whisker: its Wilson interval, "
                + "tick: the rest of the data. <code>fairness discover</code> lists more.</p>");
        h.append(charts.worstSlices(findings));
        h.append("<table><tr><th>slice</th><th>n</th><th>").append(findings.get(0).metric().id())
                .append(" (95% CI)</th><th>rest</th><th>disparity, lower bound</th><th>q</th><th></th></tr>");
        for (SliceDiscovery.Finding f : findings) {
            h.append("<tr><td>").append(esc(f.slice().asMap().toString())).append("</td><td>").append(f.count()).append("</td><td>")
                    .append(fmt(f.value())).append(" (").append(fmt(f.ciLow())).append("–").append(fmt(f.ciHigh())).append(")</td><td>")
                    .append(fmt(f.referenceValue())).append("</td><td>").append(fmt(f.disparityCiLow())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.2g", f.qValue())).append("</td><td>")
                    .append(f.significant() ? "<span class=\"bad\">significant</span>" : "").append("</td></tr>");
        }
        return h.append("</table>").toString();
    }

    private String table(List<FairnessStats> rows) {
        ScorerRegistry registry = ScorerRegistry.get();
        ScorerPlugin<?, ?> distribution = registry.distributionScorer();
        StringBuilder t = new StringBuilder("<table><tr><th>group</th><th>verdicts</th><th>flagged</th><th>flag rate (95% CI)</th>"
                + "<th>pass-rate ratio</th><th>labelled</th><th>FPR</th><th>FNR</th><th>FPR ratio</th>");
        if (distribution != null) {
            t.append("<th>mean ").append(esc(distribution.fairness().distributionScore())).append("</th>");
        }
        for (ScorerPlugin<?, ?> p : registry.plugins()) {
            t.append("<th title=\"verdicts the ").append(esc(p.id())).append(" scorer flagged, among those it scored (scored)\">flagged by ")
                    .append(esc(p.id())).append("</th>");
        }
        t.append("<th>degraded</th><th></th></tr>");
        for (FairnessStats s : rows) {
            String cls = s.getBelowMinSample() ? " class=\"muted\"" : "";
            t.append("<tr").append(cls).append("><td>").append(esc(s.getGroup())).append("</td><td>").append(s.getCount())
                    .append("</td><td>").append(s.getFlagged()).append("</td><td>")
                    .append(fmt(s.getFlagRate())).append(" (").append(fmt(s.getFlagRateCiLow())).append("–").append(fmt(s.getFlagRateCiHigh()))
                    .append(")</td><td>").append(fmt(s.getPassRateRatio())).append("</td><td>").append(s.getLabelled())
                    .append("</td><td>").append(fmt(s.getFpr())).append("</td><td>").append(fmt(s.getFnr())).append("</td><td>")
                    .append(fmt(s.getFprRatio())).append("</td><td>");
            if (distribution != null) {
                t.append(fmt((Double) s.get(distribution.id() + "_mean"))).append("</td><td>");
            }
            for (ScorerPlugin<?, ?> p : registry.plugins()) {
                long flagged = ScorerColumns.flagged(s, p);
                long scored = ScorerColumns.scored(s, p);
                t.append(fmt(scored > 0 ? (double) flagged / scored : null)).append(" (").append(scored).append(")</td><td>");
            }
            t.append(fmt(s.getDegradedRate())).append("</td><td>")
                    .append(s.getDisparity() ? "<span class=\"bad\">disparity</span>" : s.getBelowMinSample() ? "below min sample" : "")
                    .append("</td></tr>");
        }
        return t.append("</table>").toString();
    }

    private String describeWindows() {
        return "window " + config.windowSize.toMinutes() + " min" + (config.windowSlide == null ? "" : " sliding every " + config.windowSlide.toMinutes() + " min");
    }

    private static String fmt(Double d) {
        return d == null ? "–" : String.format(Locale.ROOT, "%.3f", d);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
