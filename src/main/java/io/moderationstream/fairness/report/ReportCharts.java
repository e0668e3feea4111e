package io.moderationstream.fairness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moderationstream.avro.FairnessStats;
import io.moderationstream.avro.SliceResult;
import io.moderationstream.avro.SliceStatus;
import io.moderationstream.fairness.slices.SliceDiscovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import java.util.TreeMap;

/**
 * The report's charts as data for Apache ECharts (the WebJar {@code org.webjars.npm:echarts}, inlined into the page
 * with the small {@code charts.js} that turns each chart's JSON into ECharts options), so the HTML stays one
 * self-contained file that opens offline.
 */
final class ReportCharts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final DateTimeFormatter WINDOW = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final StringBuilder data = new StringBuilder();
    private int charts;

    /** Worst treated first: groups under the minimum sample last, then by pass-rate ratio, then by name. */
    static final Comparator<FairnessStats> BY_DISPARITY = Comparator.comparing(FairnessStats::getBelowMinSample)
            .thenComparing(s -> s.getPassRateRatio() == null ? Double.MAX_VALUE : s.getPassRateRatio())
            .thenComparing(FairnessStats::getGroup);

    /** A placeholder the script fills, with its data beside it. */
    private String chart(ObjectNode spec, int height) {
        String id = "chart-" + ++charts;
        // "</" inside a script element would end it early.
        data.append("<script type=\"application/json\" id=\"").append(id).append("-data\">")
                .append(spec.toString().replace("</", "<\\/")).append("</script>");
        return "<div class=\"chart\" id=\"" + id + "\" data-chart=\"" + id + "-data\" style=\"height:" + height + "px\"></div>";
    }

    /** Flag rate per window, one line per group in the order given (worst first); a window without the group is a gap. */
    String flagRateOverTime(TreeMap<Long, List<FairnessStats>> windows, List<String> groupOrder) {
        ObjectNode spec = JSON.createObjectNode().put("type", "line");
        ArrayNode labels = spec.putArray("windows");
        windows.keySet().forEach(start -> labels.add(WINDOW.format(Instant.ofEpochMilli(start))));
        ArrayNode series = spec.putArray("series");
        for (String group : groupOrder) {
            ObjectNode s = series.addObject().put("name", group);
            ArrayNode points = s.putArray("data");
            for (List<FairnessStats> rows : windows.values()) {
                Double rate = rows.stream().filter(r -> r.getGroup().equals(group)).findFirst().map(FairnessStats::getFlagRate).orElse(null);
                if (rate == null) {
                    points.addNull();
                } else {
                    points.add(rate);
                }
            }
        }
        return chart(spec, 320);
    }

    /** Pass-rate ratio per group (rows already worst first), coloured by status, the threshold dashed. */
    String passRateRatios(List<FairnessStats> rows, double threshold) {
        ObjectNode spec = JSON.createObjectNode().put("type", "ratio").put("threshold", threshold);
        ArrayNode out = spec.putArray("rows");
        double max = 0;
        for (FairnessStats s : rows) {
            double ratio = s.getPassRateRatio() == null ? 0 : s.getPassRateRatio();
            max = Math.max(max, ratio);
            String status = s.getBelowMinSample() ? "below_min_sample" : s.getDisparity() ? "disparity" : ratio < threshold ? "below_threshold" : "ok";
            ObjectNode r = out.addObject().put("group", s.getGroup()).put("ratio", ratio).put("status", status)
                    .put("count", s.getCount()).put("flagged", s.getFlagged());
            putNullable(r, "flag_rate", s.getFlagRate());
            putNullable(r, "ci_low", s.getFlagRateCiLow());
            putNullable(r, "ci_high", s.getFlagRateCiHigh());
        }
        spec.put("max", max);
        return chart(spec, 40 + 26 * rows.size());
    }

    String worstSlices(List<SliceDiscovery.Finding> findings) {
        ObjectNode spec = JSON.createObjectNode().put("type", "interval").put("metric", findings.get(0).metric().id());
        ArrayNode out = spec.putArray("rows");
        for (SliceDiscovery.Finding f : findings) {
            String name = f.slice().conditions().stream().map(c -> c.name() + "=" + c.value()).reduce((a, b) -> a + " & " + b).orElse("");
            out.addObject().put("label", name).put("value", f.value()).put("low", f.ciLow()).put("high", f.ciHigh())
                    .put("rest", f.referenceValue()).put("count", f.count()).put("significant", f.significant());
        }
        return chart(spec, 70 + 26 * findings.size());
    }

    String submittedSlices(List<SliceResult> results) {
        List<SliceResult> shown = results.stream().filter(r -> r.getValue() != null).toList();
        if (shown.isEmpty()) {
            return "";
        }
        ObjectNode spec = JSON.createObjectNode().put("type", "interval").put("metric", "rate");
        ArrayNode out = spec.putArray("rows");
        for (SliceResult r : shown) {
            ObjectNode row = out.addObject().put("label", r.getSliceId() + " · " + r.getMetric().name().toLowerCase(Locale.ROOT))
                    .put("value", r.getValue()).put("count", r.getCount()).put("significant", r.getStatus() == SliceStatus.DISPARITY);
            putNullable(row, "low", r.getCiLow());
            putNullable(row, "high", r.getCiHigh());
            putNullable(row, "rest", r.getComplementValue());
        }
        return chart(spec, 70 + 26 * shown.size());
    }

    /** The charts' data, ECharts and the chart script: goes at the end of the body. */
    String scripts() {
        return data + "<script>" + resource(ECHARTS) + "</script><script>"
                + resource("io/moderationstream/fairness/report/charts.js") + "</script>";
    }

    /** Goes first in the head: collects any script error, so a test (or a reader of the DOM) can see it. */
    static String errorCollector() {
        return "<script>window.reportErrors=[];window.addEventListener('error',function(e){window.reportErrors.push(String(e.message));});</script>";
    }

    /** Group names in the order the table shows them. */
    static List<String> order(List<FairnessStats> rows) {
        List<String> groups = new ArrayList<>();
        rows.forEach(r -> groups.add(r.getGroup()));
        return groups;
    }

    private static void putNullable(ObjectNode node, String field, Double value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ReportCharts.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path (the report's chart library)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
