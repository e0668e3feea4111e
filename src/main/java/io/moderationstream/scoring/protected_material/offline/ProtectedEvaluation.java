package io.moderationstream.scoring.protected_material.offline;

import io.moderationstream.scoring.protected_material.ProtectedIndex;
import io.moderationstream.scoring.protected_material.ProtectedMatcher;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Runs the matcher over generated cases: per kind, how many were detected and, for copies, attributed correctly. */
public final class ProtectedEvaluation {

    /** One kind's tally. {@code rate}: detected / cases (recall for copies, false-positive rate for the rest). */
    public record KindResult(int cases, int detected, int attributed) {
        public double rate() {
            return cases == 0 ? 0 : (double) detected / cases;
        }
    }

    /** The tallies, the overall false-positive rate over every negative kind, and the cases that went wrong. */
    public record Report(Map<ProtectedEvalSet.Kind, KindResult> kinds, double falsePositiveRate,
                         List<ProtectedEvalSet.Case> errors, double textsPerSecond) {}

    private ProtectedEvaluation() {}

    public static Report run(ProtectedIndex index, List<ProtectedEvalSet.Case> cases, int maxChars) {
        ProtectedMatcher matcher = new ProtectedMatcher(index, maxChars);
        Map<ProtectedEvalSet.Kind, int[]> tally = new EnumMap<>(ProtectedEvalSet.Kind.class);
        List<ProtectedEvalSet.Case> errors = new ArrayList<>();
        long start = System.nanoTime();
        for (ProtectedEvalSet.Case c : cases) {
            ProtectedMatcher.Result r = matcher.check(c.text());
            int[] t = tally.computeIfAbsent(c.kind(), k -> new int[3]);
            t[0]++;
            if (r.detected()) {
                t[1]++;
                boolean attributed = r.matches().stream().anyMatch(m -> m.document() >= 0
                        && index.document(m.document()).id().equals(c.sourceId()));
                t[2] += attributed ? 1 : 0;
            }
            if (r.detected() != c.kind().positive) {
                errors.add(c);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<ProtectedEvalSet.Kind, KindResult> kinds = new EnumMap<>(ProtectedEvalSet.Kind.class);
        int negatives = 0;
        int falsePositives = 0;
        for (var e : tally.entrySet()) {
            int[] t = e.getValue();
            kinds.put(e.getKey(), new KindResult(t[0], t[1], t[2]));
            if (!e.getKey().positive) {
                negatives += t[0];
                falsePositives += t[1];
            }
        }
        return new Report(kinds, negatives == 0 ? 0 : (double) falsePositives / negatives, errors, cases.size() / seconds);
    }
}
