package io.moderationstream.fairness.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.moderationstream.avro.FairnessStats;
import io.moderationstream.fairness.DisparityCalculator;
import io.moderationstream.fairness.GroupCounts;
import io.moderationstream.fairness.GroupWindowStats;
import io.moderationstream.fairness.Observation;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit report: reads verdicts (and optionally labels) as JSON lines, recomputes the per-window, per-group
 * statistics with the same aggregation and disparity code as the streaming job, and renders one self-contained HTML
 * file (inline SVG charts, no scripts, no network) that anyone can open and check.
 */
public final class FairnessReport {

    private final long windowMillis;
    private final DisparityCalculator calculator;
    private final int minSample;
    private final double threshold;

    public FairnessReport(long windowMillis, int minSample, double threshold, double z) {
        this.windowMillis = windowMillis;
        this.minSample = minSample;
        this.threshold = threshold;
        this.calculator = new DisparityCalculator(minSample, threshold, z);
    }

    /** Statistics per dimension: one list of rows per window (window start → rows), plus the whole-period totals. */
    public record Computed(Map<String, TreeMap<Long, List<FairnessStats>>> windows, Map<String, List<FairnessStats>> totals, long verdicts) {}

    public Computed compute(Path verdicts, Path labels) throws IOException {
        Map<String, Boolean> toxicLabels = new HashMap<>();
        if (labels != null) {
            for (JsonNode l : io.moderationstream.io.JsonLinesFile.read(labels)) {
                JsonNode toxic = l.path("labels").get("toxic");
                if (toxic != null && toxic.isBoolean()) {
                    toxicLabels.put(l.path("event_id").asText(), toxic.asBoolean());
                }
            }
        }
        // dimension → window start → group → counts; and dimension → group → totals
        Map<String, Map<Long, Map<String, GroupCounts>>> perWindow = new TreeMap<>();
        Map<String, Map<String, GroupCounts>> total = new TreeMap<>();
        long n = 0;
        for (JsonNode v : io.moderationstream.io.JsonLinesFile.read(verdicts)) {
            n++;
            Observation o = observation(v);
            Boolean label = toxicLabels.get(o.eventId);
            long window = Math.floorDiv(o.eventTime, windowMillis) * windowMillis;
            v.path("groups").fields().forEachRemaining(g -> {
                GroupCounts w = perWindow.computeIfAbsent(g.getKey(), k -> new TreeMap<>()).computeIfAbsent(window, k -> new TreeMap<>())
                        .computeIfAbsent(g.getValue().asText(), k -> new GroupCounts());
                GroupCounts t = total.computeIfAbsent(g.getKey(), k -> new TreeMap<>()).computeIfAbsent(g.getValue().asText(), k -> new GroupCounts());
                for (GroupCounts c : List.of(w, t)) {
                    c.add(o);
                    if (label != null) {
                        Observation lo = o.copy();
                        lo.kind = Observation.Kind.LABEL;
                        lo.labelToxic = label;
                        c.add(lo);
                    }
                }
            });
        }
        Map<String, TreeMap<Long, List<FairnessStats>>> windows = new TreeMap<>();
        perWindow.forEach((dimension, byWindow) -> byWindow.forEach((start, groups) ->
                windows.computeIfAbsent(dimension, k -> new TreeMap<>()).put(start, stats(dimension, start, start + windowMillis, groups))));
        Map<String, List<FairnessStats>> totals = new TreeMap<>();
        total.forEach((dimension, groups) -> totals.put(dimension, stats(dimension, 0, 0, groups)));
        return new Computed(windows, totals, n);
    }

    private List<FairnessStats> stats(String dimension, long start, long end, Map<String, GroupCounts> groups) {
        List<GroupWindowStats> rows = new ArrayList<>();
        groups.forEach((group, counts) -> {
            GroupWindowStats s = new GroupWindowStats();
            s.dimension = dimension;
            s.group = group;
            s.windowStart = start;
            s.windowEnd = end;
            s.counts = counts;
            rows.add(s);
        });
        return calculator.compute(rows, 0, System.currentTimeMillis());
    }

    static Observation observation(JsonNode v) {
        Observation o = new Observation();
        o.kind = Observation.Kind.VERDICT;
        o.eventId = v.path("event_id").asText();
        o.eventTime = v.path("created_at").asLong();
        o.decision = v.path("decision").asText("ALLOW");
        o.flagged = !"ALLOW".equals(o.decision);
        for (JsonNode r : v.path("reasons")) {
            switch (r.path("code").asText()) {
                case "TOXICITY_BLOCK", "TOXICITY_REVIEW" -> o.toxicFlagged = true;
                case "FABRICATED_CITATION" -> o.citationFlagged = true;
                case "WATERMARK_DETECTED" -> o.watermarkFlagged = true;
                default -> { }
            }
        }
        JsonNode tox = v.path("toxicity").path("scores").get("toxicity");
        o.toxicity = tox == null ? -1 : tox.asDouble();
        return o;
    }


    public String render(Computed c, String source) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Moderation fairness audit</title><style>")
                .append("body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1b1f24;max-width:1100px}")
                .append("h1{margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}")
                .append("table{border-collapse:collapse;margin:.8rem 0;font-size:.9rem}th,td{padding:.3rem .6rem;border-bottom:1px solid #eee;text-align:right}")
                .append("th{background:#f6f8fa}td:first-child,th:first-child{text-align:left}.bad{color:#b42318;font-weight:600}")
                .append(".muted{color:#888}.note{color:#555;font-size:.9rem}svg{margin:.5rem 0;background:#fff}</style></head><body>");
        h.append("<h1>Moderation fairness audit</h1><p class=\"note\">Source: ").append(esc(source)).append(" &middot; ")
                .append(c.verdicts).append(" verdicts &middot; window ").append(windowMillis / 60000).append(" min &middot; minimum sample ")
                .append(minSample).append(" &middot; four-fifths threshold ").append(threshold).append(" &middot; generated ")
                .append(Instant.now()).append("</p>");
        h.append("<p class=\"note\">The favourable outcome of moderation is <b>not being flagged</b>. <i>Pass-rate ratio</i> = a group's ")
                .append("ALLOW rate divided by the best-treated group's; <i>FPR ratio</i> = the lowest false-positive rate divided by the group's. ")
                .append("A ratio under the threshold whose Wilson intervals do not overlap the reference group's is a <span class=\"bad\">disparity</span>; ")
                .append("groups under the minimum sample are shown in grey and never flagged.</p>");
        for (var e : c.totals.entrySet()) {
            String dimension = e.getKey();
            h.append("<h2>").append(esc(dimension)).append("</h2>");
            h.append(table(e.getValue()));
            TreeMap<Long, List<FairnessStats>> windows = c.windows.get(dimension);
            if (windows != null && windows.size() > 1) {
                h.append("<p class=\"note\">Flag rate per window</p>").append(lineChart(windows));
            }
            h.append("<p class=\"note\">Pass-rate ratio against the best-treated group (dashed: four-fifths threshold)</p>")
                    .append(barChart(e.getValue()));
        }
        return h.append("</body></html>").toString();
    }

    private String table(List<FairnessStats> rows) {
        StringBuilder t = new StringBuilder("<table><tr><th>group</th><th>verdicts</th><th>flagged</th><th>flag rate (95% CI)</th>"
                + "<th>pass-rate ratio</th><th>labelled</th><th>FPR</th><th>FNR</th><th>FPR ratio</th><th>mean toxicity</th><th></th></tr>");
        for (FairnessStats s : rows) {
            String cls = s.getBelowMinSample() ? " class=\"muted\"" : "";
            t.append("<tr").append(cls).append("><td>").append(esc(s.getGroup())).append("</td><td>").append(s.getCount())
                    .append("</td><td>").append(s.getFlagged()).append("</td><td>")
                    .append(fmt(s.getFlagRate())).append(" (").append(fmt(s.getFlagRateCiLow())).append("–").append(fmt(s.getFlagRateCiHigh()))
                    .append(")</td><td>").append(fmt(s.getPassRateRatio())).append("</td><td>").append(s.getLabelled())
                    .append("</td><td>").append(fmt(s.getFpr())).append("</td><td>").append(fmt(s.getFnr())).append("</td><td>")
                    .append(fmt(s.getFprRatio())).append("</td><td>").append(fmt(s.getToxicityMean())).append("</td><td>")
                    .append(s.getDisparity() ? "<span class=\"bad\">disparity</span>" : s.getBelowMinSample() ? "below min sample" : "")
                    .append("</td></tr>");
        }
        return t.append("</table>").toString();
    }

    private static final String[] COLORS = {"#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#be185d", "#4d7c0f"};

    private String lineChart(TreeMap<Long, List<FairnessStats>> windows) {
        int w = 720;
        int hgt = 220;
        int pad = 40;
        Map<String, List<double[]>> series = new TreeMap<>();
        List<Long> starts = new ArrayList<>(windows.keySet());
        for (int i = 0; i < starts.size(); i++) {
            for (FairnessStats s : windows.get(starts.get(i))) {
                series.computeIfAbsent(s.getGroup(), k -> new ArrayList<>()).add(new double[] {i, s.getFlagRate()});
            }
        }
        double max = 0.05;
        for (var pts : series.values()) {
            for (double[] p : pts) {
                max = Math.max(max, p[1]);
            }
        }
        StringBuilder svg = new StringBuilder().append("<svg width=\"").append(w).append("\" height=\"").append(hgt)
                .append("\" role=\"img\"><line x1=\"").append(pad).append("\" y1=\"").append(hgt - pad).append("\" x2=\"").append(w - 10)
                .append("\" y2=\"").append(hgt - pad).append("\" stroke=\"#999\"/><text x=\"4\" y=\"").append(pad).append("\" font-size=\"11\">")
                .append(fmt(max)).append("</text><text x=\"4\" y=\"").append(hgt - pad).append("\" font-size=\"11\">0</text>");
        int color = 0;
        int legendY = 14;
        for (var e : series.entrySet()) {
            String c = COLORS[color++ % COLORS.length];
            StringBuilder points = new StringBuilder();
            for (double[] p : e.getValue()) {
                double x = pad + (starts.size() == 1 ? 0 : p[0] * (w - pad - 20) / (starts.size() - 1));
                double y = hgt - pad - p[1] / max * (hgt - 2 * pad);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append("<polyline fill=\"none\" stroke=\"").append(c).append("\" stroke-width=\"2\" points=\"").append(points).append("\"/>");
            svg.append("<text x=\"").append(w - 150).append("\" y=\"").append(legendY).append("\" font-size=\"11\" fill=\"").append(c)
                    .append("\">").append(esc(e.getKey())).append("</text>");
            legendY += 13;
        }
        return svg.append("</svg>").toString();
    }

    private String barChart(List<FairnessStats> rows) {
        int barH = 18;
        int w = 720;
        int labelW = 180;
        int hgt = rows.size() * (barH + 6) + 20;
        StringBuilder svg = new StringBuilder().append("<svg width=\"").append(w).append("\" height=\"").append(hgt).append("\" role=\"img\">");
        double scale = (w - labelW - 60) / 1.2;
        int y = 10;
        for (FairnessStats s : rows) {
            double ratio = s.getPassRateRatio() == null ? 0 : s.getPassRateRatio();
            String fill = s.getBelowMinSample() ? "#bbb" : s.getDisparity() ? "#dc2626" : ratio < threshold ? "#f59e0b" : "#2563eb";
            svg.append("<text x=\"0\" y=\"").append(y + 13).append("\" font-size=\"12\">").append(esc(abbreviate(s.getGroup(), 26))).append("</text>")
                    .append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", labelW, y,
                            Math.min(1.2, ratio) * scale, barH, fill))
                    .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>", labelW + Math.min(1.2, ratio) * scale + 4,
                            y + 13, fmt(s.getPassRateRatio())));
            y += barH + 6;
        }
        double tx = labelW + threshold * scale;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\" stroke=\"#111\" stroke-dasharray=\"4 3\"/>", tx, tx, hgt));
        return svg.append("</svg>").toString();
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String fmt(Double d) {
        return d == null ? "–" : String.format(Locale.ROOT, "%.3f", d);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
