package io.moderationstream.scoring.protected_material;

import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;

import java.util.ArrayList;
import java.util.List;

/**
 * Quoted passages of a text: between typographic double quotes (“…”, „…“), straight double quotes ("…"), guillemets
 * («…», »…«), corner brackets (「…」) or single quotes (‘…’, '…': opened before a word, closed after one — an
 * apostrophe inside a word closes nothing); and, without marks, the first characters after an attribution ("As
 * Melville wrote, …", "in the words of Austen: …"). A copy that lies inside a quotation whose content is shorter than
 * the minimum match is a short attributed quotation, which the policy allows; a copy that goes on past that is not. One pass per kind of
 * mark and one Aho–Corasick pass for the attribution words; a mark not closed within {@link #MAX_QUOTATION}
 * characters opens nothing.
 */
final class Quotations {
    /**
     * A quotation's content, UTF-16 offsets {@code [begin, end)} (marks excluded); {@code unmarked}: it follows an
     * attribution and has no closing mark, so only its first {@code minChars} normalised characters can be a short
     * quotation.
     */
    record Span(int begin, int end, boolean unmarked) {
        Span(int begin, int end) {
            this(begin, end, false);
        }
    }

    /** Longer than this, a "quotation" is an unpaired mark (5" screens, a stray quote), not a quotation. */
    static final int MAX_QUOTATION = 2000;

    private Quotations() {}

    /** Opening and closing marks; each kind pairs on its own, so a stray straight quote cannot hide a “…” pair. */
    private static final char[][] PAIRS = {
        {'\u201C', '\u201D'}, {'"', '"'}, {'\u00AB', '\u00BB'}, {'\u00BB', '\u00AB'}, {'\u300C', '\u300D'}, {'\u201E', '\u201C'}
    };

    /**
     * Words that introduce a quotation; the quotation starts after the punctuation that follows them. Not "said",
     * "remarked" and the like: fiction tags its dialogue with them ("Soon," said Mother Wolf, "little naked son of
     * mine"), and a copy of such a passage must not pass for a quotation.
     */
    private static final Trie ATTRIBUTIONS = Trie.builder().ignoreCase().onlyWholeWords().addKeywords(
            "wrote", "writes", "puts it", "put it", "according to", "in the words of", "as the saying goes", "quote").build();
    /** "According to Jane Austen, …": the name before the comma may take this many characters. */
    private static final int ATTRIBUTION_REACH = 60;
    /** An unmarked quotation is looked for up to the end of its paragraph, at most this far. */
    private static final int PARAGRAPH_REACH = 1000;

    static List<Span> find(String text) {
        List<Span> spans = new ArrayList<>();
        singleQuoted(text, spans);
        attributed(text, spans);
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
     * ‘…’ and '…', each kind on its own: an opening mark not after a letter (a straight one before a word), a closing
     * one after the opening and not before a letter — so the apostrophes of "ain't" and "it’s" close nothing.
     */
    private static void singleQuoted(String text, List<Span> spans) {
        int typographic = -1;
        int straight = -1;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\n') {
                typographic = -1;   // single quotes do not run across lines: a ‘ that never closed was a letter (‘Uruq)
                straight = -1;
                continue;
            }
            if (ch != '\'' && ch != '\u2018' && ch != '\u2019') {
                continue;
            }
            boolean letterBefore = i > 0 && Character.isLetterOrDigit(text.charAt(i - 1));
            boolean letterAfter = i + 1 < text.length() && Character.isLetterOrDigit(text.charAt(i + 1));
            boolean spaceAfter = i + 1 >= text.length() || Character.isWhitespace(text.charAt(i + 1));
            typographic = typographic >= 0 && i - typographic > MAX_QUOTATION ? -1 : typographic;
            straight = straight >= 0 && i - straight > MAX_QUOTATION ? -1 : straight;
            if (ch == '\u2018' && typographic < 0 && !letterBefore) {
                typographic = i + 1;
            } else if (ch == '\u2019' && typographic >= 0 && !letterAfter) {
                spans.add(new Span(typographic, i));
                typographic = -1;
            } else if (ch == '\'' && straight >= 0 && !letterAfter && i > straight) {
                spans.add(new Span(straight, i));
                straight = -1;
            } else if (ch == '\'' && straight < 0 && !letterBefore && !spaceAfter) {
                straight = i + 1;
            }
        }
    }

    /** After an attribution word (and a name, up to a comma or colon): the rest of the sentence, if not in marks. */
    private static void attributed(String text, List<Span> spans) {
        for (Emit e : ATTRIBUTIONS.parseText(text)) {
            int at = e.getEnd() + 1;
            String cue = e.getKeyword();
            if (cue.equals("according to") || cue.equals("in the words of")) {
                int comma = at;
                while (comma < text.length() && comma - at < ATTRIBUTION_REACH && text.charAt(comma) != ',' && text.charAt(comma) != ':') {
                    comma++;
                }
                if (comma >= text.length() || comma - at >= ATTRIBUTION_REACH) {
                    continue;
                }
                at = comma;
            }
            while (at < text.length() && (Character.isWhitespace(text.charAt(at)) || ",:\u2014-".indexOf(text.charAt(at)) >= 0)) {
                at++;
            }
            if (text.startsWith("that ", at)) {
                at += 5;
            }
            if (at >= text.length() || !Character.isLetterOrDigit(text.charAt(at))) {
                continue;   // a quotation in marks (found above), or nothing quoted
            }
            int end = at;
            while (end < text.length() && end - at < PARAGRAPH_REACH && text.charAt(end) != '\n') {
                end++;
            }
            spans.add(new Span(at, end, true));
        }
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
            // Without a closing mark, the quotation is what a short one could be: its first characters.
            int to = q.unmarked() ? Math.min(norm.firstAtOrAfter(q.end()), from + minChars - 1) : norm.firstAtOrAfter(q.end());
            if (to - from < minChars) {
                int[] range = {Math.max(0, from - slack), Math.min(norm.length(), to + slack)};
                int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
                if (last != null && range[0] <= last[1]) {   // overlapping, nested or a few words apart: one range
                    last[1] = Math.max(last[1], range[1]);
                } else {
                    out.add(range);
                }
            }
        }
        // Short quotations one after another ("How'd you say he got shot?" "He had a dream," I says) are a copy of the
        // dialogue: together they must be short too.
        out.removeIf(range -> range[1] - range[0] - 2 * slack >= minChars);
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
