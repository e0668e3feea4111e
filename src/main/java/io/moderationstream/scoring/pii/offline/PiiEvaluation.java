package io.moderationstream.scoring.pii.offline;

import io.moderationstream.scoring.pii.PiiEntity;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Precision, recall, F1 and F2 per type and over all types (micro), as {@code evaluate pii} reports them: a prediction
 * is correct when it overlaps a gold span of the same type (each gold span is matched at most once); plus how many
 * hard negatives (spans that must not be reported) were reported anyway.
 */
public final class PiiEvaluation {
    /** A labelled span. */
    public record Gold(String type, int begin, int end) {}

    private final Map<String, long[]> counts = new TreeMap<>();   // type → tp, fp, fn
    private long hardNegatives;
    private long hardNegativesReported;
    private long texts;

    public void add(List<Gold> gold, List<PiiEntity> predicted, List<Gold> negatives) {
        texts++;
        boolean[] matched = new boolean[gold.size()];
        for (PiiEntity p : predicted) {
            boolean hit = false;
            for (int i = 0; i < gold.size(); i++) {
                Gold g = gold.get(i);
                if (!matched[i] && g.type().equals(p.type().name()) && g.begin() < p.end() && p.begin() < g.end()) {
                    matched[i] = true;
                    hit = true;
                    break;
                }
            }
            counts.computeIfAbsent(p.type().name(), t -> new long[3])[hit ? 0 : 1]++;
        }
        for (int i = 0; i < gold.size(); i++) {
            if (!matched[i]) {
                counts.computeIfAbsent(gold.get(i).type(), t -> new long[3])[2]++;
            }
        }
        for (Gold n : negatives) {
            hardNegatives++;
            if (predicted.stream().anyMatch(p -> n.begin() < p.end() && p.begin() < n.end())) {
                hardNegativesReported++;
            }
        }
    }

    /** The report: {texts, micro {...}, types {TYPE: {tp, fp, fn, precision, recall, f1, f2}}, hard negatives}. */
    public Map<String, Object> report() {
        Map<String, Object> out = new TreeMap<>();
        Map<String, Object> types = new TreeMap<>();
        long[] total = new long[3];
        counts.forEach((type, c) -> {
            types.put(type, metrics(c));
            for (int i = 0; i < 3; i++) {
                total[i] += c[i];
            }
        });
        out.put("texts", texts);
        out.put("micro", metrics(total));
        out.put("types", types);
        out.put("hard_negatives", hardNegatives);
        out.put("hard_negatives_reported", hardNegativesReported);
        out.put("hard_negative_rate", hardNegatives == 0 ? null : round((double) hardNegativesReported / hardNegatives));
        return out;
    }

    private static Map<String, Object> metrics(long[] c) {
        double precision = c[0] + c[1] == 0 ? 0 : (double) c[0] / (c[0] + c[1]);
        double recall = c[0] + c[2] == 0 ? 0 : (double) c[0] / (c[0] + c[2]);
        Map<String, Object> m = new TreeMap<>();
        m.put("tp", c[0]);
        m.put("fp", c[1]);
        m.put("fn", c[2]);
        m.put("precision", round(precision));
        m.put("recall", round(recall));
        m.put("f1", round(fBeta(precision, recall, 1)));
        m.put("f2", round(fBeta(precision, recall, 2)));
        return m;
    }

    static double fBeta(double precision, double recall, double beta) {
        double b2 = beta * beta;
        return precision + recall == 0 ? 0 : (1 + b2) * precision * recall / (b2 * precision + recall);
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
