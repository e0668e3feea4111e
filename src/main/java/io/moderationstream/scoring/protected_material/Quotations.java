package io.moderationstream.scoring.protected_material;

import java.util.ArrayList;
import java.util.List;

/**
 * Quoted passages of a text: between typographic double quotes (“…”, „…“), straight double quotes ("…"), guillemets
 * («…», »…«) or corner brackets (「…」). A copy that lies inside quotation marks whose content is shorter than the
 * minimum match is a short attributed quotation, which the policy allows. Single quotes are not used: they double as
 * apostrophes. One pass; a mark not closed within {@link #MAX_QUOTATION} characters opens nothing.
 */
final class Quotations {
    /** A quotation's content, UTF-16 offsets {@code [begin, end)} (marks excluded). */
    record Span(int begin, int end) {}

    /** Longer than this, a "quotation" is an unpaired mark (5" screens, a stray quote), not a quotation. */
    static final int MAX_QUOTATION = 2000;

    private Quotations() {}

    /** Opening and closing marks; each kind pairs on its own, so a stray straight quote cannot hide a “…” pair. */
    private static final char[][] PAIRS = {
        {'\u201C', '\u201D'}, {'"', '"'}, {'\u00AB', '\u00BB'}, {'\u00BB', '\u00AB'}, {'\u300C', '\u300D'}, {'\u201E', '\u201C'}
    };

    static List<Span> find(String text) {
        List<Span> spans = new ArrayList<>();
        int[] open = new int[PAIRS.length];
        java.util.Arrays.fill(open, -1);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            for (int k = 0; k < PAIRS.length; k++) {
                if (open[k] >= 0 && i - open[k] > MAX_QUOTATION) {
                    open[k] = -1;
                }
                if (open[k] >= 0 && ch == PAIRS[k][1]) {
                    spans.add(new Span(open[k], i));
                    open[k] = -1;
                } else if (open[k] < 0 && ch == PAIRS[k][0]) {
                    open[k] = i + 1;
                }
            }
        }
        spans.sort(java.util.Comparator.comparingInt(Span::begin));
        return spans;
    }

    /**
     * The quotations of {@code text} whose content has fewer than {@code minChars} normalised characters, as sorted,
     * disjoint normalised ranges {@code [from, to)}, widened by {@code slack} characters on each side: a tile of the
     * quoted words may also take in the space a mark became and a letter or two of the word before it.
     */
    static int[][] shortQuotations(String text, ProtectedText norm, int minChars, int slack) {
        List<int[]> out = new ArrayList<>();
        for (Span q : find(text)) {
            int from = norm.firstAtOrAfter(q.begin());
            int to = norm.firstAtOrAfter(q.end());
            if (to - from < minChars) {
                int[] range = {Math.max(0, from - slack), Math.min(norm.length(), to + slack)};
                int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
                if (last != null && range[0] <= last[1]) {   // overlapping or nested: keep the union, so ranges stay disjoint
                    last[1] = Math.max(last[1], range[1]);
                } else {
                    out.add(range);
                }
            }
        }
        return out.toArray(new int[0][]);
    }

    /** Whether normalised {@code [from, to)} lies inside one of the sorted, disjoint ranges. */
    static boolean within(int[][] ranges, int from, int to) {
        int lo = 0;
        int hi = ranges.length;
        while (lo < hi) {   // the last range starting at or before from
            int mid = (lo + hi) >>> 1;
            if (ranges[mid][0] <= from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo > 0 && to <= ranges[lo - 1][1];
    }
}
