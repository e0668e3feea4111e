package io.moderationstream.scoring.citations.offline;

import io.moderationstream.scoring.citations.CitationStatus;
import io.moderationstream.scoring.citations.Resolution;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores citation checking against labelled entries. An entry is predicted hallucinated when any of its references
 * is NOT_FOUND or MISMATCH; UNVERIFIABLE counts as not flagged (an outage or a gap in coverage is not evidence).
 */
public final class CitationEvaluation {
    private long tp;
    private long fp;
    private long tn;
    private long fn;
    private final Map<String, long[]> byType = new TreeMap<>();
    private final Map<String, Long> statuses = new TreeMap<>();

    public static boolean flagged(List<Resolution> resolutions) {
        return resolutions.stream().anyMatch(r -> r.status() == CitationStatus.NOT_FOUND || r.status() == CitationStatus.MISMATCH);
    }

    /** Records one entry; returns the prediction. */
    public boolean add(boolean hallucinated, String type, List<Resolution> resolutions) {
        boolean predicted = flagged(resolutions);
        resolutions.forEach(r -> statuses.merge(r.status().name(), 1L, Long::sum));
        if (hallucinated) {
            if (predicted) {
                tp++;
            } else {
                fn++;
            }
        } else if (predicted) {
            fp++;
        } else {
            tn++;
        }
        if (type != null) {
            long[] counts = byType.computeIfAbsent(type, k -> new long[2]);
            counts[0]++;
            counts[1] += predicted ? 1 : 0;
        }
        return predicted;
    }

    public ObjectNode report() {
        ObjectNode o = new ObjectMapper().createObjectNode();
        double recall = tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
        double precision = tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
        o.put("entries", tp + fp + tn + fn);
        o.put("hallucinated", tp + fn);
        o.put("valid", fp + tn);
        o.put("detection_rate", round(recall));
        o.put("false_positive_rate", round(fp + tn == 0 ? Double.NaN : (double) fp / (fp + tn)));
        o.put("precision", round(precision));
        o.put("f1", round(precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)));
        o.put("tp", tp).put("fp", fp).put("tn", tn).put("fn", fn);
        ObjectNode types = o.putObject("detection_rate_by_type");
        byType.forEach((type, c) -> types.put(type, round((double) c[1] / c[0])));
        ObjectNode s = o.putObject("statuses");
        statuses.forEach(s::put);
        return o;
    }

    private static double round(double v) {
        return Double.isNaN(v) ? Double.NaN : Math.round(v * 10000) / 10000.0;
    }
}
