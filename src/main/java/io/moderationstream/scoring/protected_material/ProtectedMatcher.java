package io.moderationstream.scoring.protected_material;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the passages of a text that reproduce protected documents, from the index's two signals:
 * <ol>
 *   <li>a <b>run</b>: tiles found at every {@code t}-th position, from one document — two or more prove
 *   {@code 2·t} contiguous characters copied (any copy of {@code 3·t − 1} normalised characters holds two);</li>
 *   <li>a <b>cluster</b>: three or more tiles and sampled word shingles of one document, each within {@code 3·t}
 *   characters of the next and together covering at least half of their span — what is left of a copy whose words
 *   were dropped, swapped or replaced here and there.</li>
 * </ol>
 * A region counts when its estimated length reaches {@link #MIN_MATCH_CHARS}. Evidence that lies inside quotation marks
 * whose content is shorter than that is set aside first: a short attributed quotation is fair use, not a finding (a
 * copy that merely contains a quoted line of dialogue still counts, by the tiles that straddle its marks). Every loop
 * is bounded by the text's length (one index probe per position, one per sampled shingle); nothing backtracks.
 */
public final class ProtectedMatcher {
    /** Copies shorter than this (normalised characters) are not findings: a phrase, a short quotation. */
    public static final int MIN_MATCH_CHARS = 50;
    private static final int CLUSTER_ITEMS = 3;
    /** A cluster's evidence must cover at least this share of its span: scattered phrases are not a copy. */
    private static final int DENSITY_PERCENT = 50;
    /** How many regions opened just before a COMMON run it may join (bounds the work per run). */
    private static final int NEARBY_REGIONS = 8;

    /** How a finding was established. */
    public enum MatchKind { VERBATIM, NEAR_VERBATIM }

    /**
     * One finding: UTF-16 offsets {@code [begin, end)} of the text span the evidence proves, the document (ordinal, or
     * {@link ProtectedIndex#COMMON} when the copied text occurs in several), how it was found, its estimated length in
     * normalised characters (a run's ends may reach up to {@code t − 1} characters further unseen: half of that is
     * counted on each side) and the tiles and shingles behind it.
     */
    public record Match(int begin, int end, int document, MatchKind kind, int chars, int tiles, int shingles) {}

    /**
     * Everything found in one text. {@code coverage}: share of its normalised characters inside findings;
     * {@code checkedChars}: how many of its UTF-16 characters were checked ({@code truncated} when not all).
     */
    public record Result(List<Match> matches, double coverage, int longestMatchChars, int checkedChars, boolean truncated) {
        public boolean detected() {
            return !matches.isEmpty();
        }
    }

    private enum EvidenceType { RUN, TILE, SHINGLE }

    private record Evidence(int begin, int end, int document, EvidenceType type, int tiles, long key) {}

    private final ProtectedIndex index;
    private final int tile;
    private final int maxChars;

    public ProtectedMatcher(ProtectedIndex index, int maxChars) {
        this.index = index;
        this.tile = index.params().tileChars();
        this.maxChars = maxChars;
    }

    public Result check(String text) {
        boolean truncated = text.length() > maxChars;
        String checked = truncated ? text.substring(0, maxChars) : text;
        ProtectedText norm = ProtectedText.of(checked);
        int n = norm.length();
        char[] c = norm.chars();
        List<Evidence> evidence = new ArrayList<>();
        IndexKeys keys = new IndexKeys(c, n);
        tileEvidence(keys, n, evidence);
        shingleEvidence(keys, c, n, evidence);
        evidence.removeIf(e -> namesItsSource(c, e));
        List<Region> regions = regions(evidence);
        // Quotations matter only where something would count: most texts never pay for looking for them.
        if (regions.stream().anyMatch(Region::qualifies)) {
            int[][] shortQuotes = Quotations.shortQuotations(checked, norm, MIN_MATCH_CHARS, tile / 4);
            if (evidence.removeIf(e -> Quotations.within(shortQuotes, e.begin(), e.end()))) {
                regions = regions(evidence);
            }
        }
        List<Match> matches = new ArrayList<>();
        int[] coverDelta = new int[n + 1];   // +1 where a finding starts, -1 where it ends: one pass sums the coverage
        int longest = 0;
        for (Region r : regions) {
            if (!r.qualifies()) {
                continue;
            }
            int estimate = r.end - r.begin + (r.startsWithTile ? Math.min(tile / 2, r.begin) : 0)
                    + (r.endsWithTile ? Math.min(tile / 2, n - r.end) : 0);
            if (estimate < MIN_MATCH_CHARS) {
                continue;
            }
            int begin = norm.originalBegin(r.begin);
            int end = norm.originalEnd(r.end - 1);
            coverDelta[r.begin]++;
            coverDelta[r.end]--;
            longest = Math.max(longest, estimate);
            boolean verbatim = r.longestRun * 5 >= (r.end - r.begin) * 4;
            matches.add(new Match(begin, end, r.document, verbatim ? MatchKind.VERBATIM : MatchKind.NEAR_VERBATIM, estimate,
                    r.tiles, r.shingles));
        }
        int coveredChars = 0;
        for (int i = 0, depth = 0; i < n; i++) {
            depth += coverDelta[i];
            coveredChars += depth > 0 ? 1 : 0;
        }
        matches.sort(Comparator.comparingInt(Match::begin));
        return new Result(matches, n == 0 ? 0 : (double) coveredChars / n, longest, checked.length(), truncated);
    }

    /** Probes every position; tiles found {@code t} apart from one document (or COMMON) join into runs. */
    private void tileEvidence(IndexKeys windows, int n, List<Evidence> out) {
        int positions = n - tile + 1;
        if (positions <= 0) {
            return;
        }
        int[] found = new int[positions];
        long[] keys = new long[positions];
        for (int p = 0; p < positions; p++) {
            keys[p] = windows.tile(p, tile);
            found[p] = index.lookup(keys[p]);
        }
        boolean[] inRun = new boolean[positions];
        for (int p = 0; p < positions; p++) {
            if (found[p] == ProtectedIndex.ABSENT || inRun[p]) {
                continue;
            }
            int document = found[p];
            int last = p;
            int tiles = 1;
            for (int q = p + tile; q < positions && found[q] != ProtectedIndex.ABSENT && compatible(document, found[q]); q += tile) {
                document = document == ProtectedIndex.COMMON ? found[q] : document;
                inRun[q] = true;
                last = q;
                tiles++;
            }
            // Two tiles must name the same document; longer runs may hold recurring (COMMON) tiles anywhere.
            if (tiles > 2 || tiles == 2 && found[p] == found[last] && found[p] != ProtectedIndex.COMMON) {
                out.add(new Evidence(p, last + tile, document, EvidenceType.RUN, tiles, keys[p]));
            } else {
                for (int q = p; q <= last; q += tile) {
                    inRun[q] = false;
                    if (found[q] != ProtectedIndex.COMMON) {
                        out.add(new Evidence(q, q + tile, found[q], EvidenceType.TILE, 1, keys[q]));
                    }
                }
                inRun[last] = last != p;   // the second tile was looked at from here; it starts no run of its own
            }
        }
    }

    /** Evidence that is only its document's title ("As The Call of the Wild puts it") names the source; it copies nothing. */
    private boolean namesItsSource(char[] c, Evidence e) {
        return e.document() >= 0 && e.type() != EvidenceType.RUN
                && index.normalisedTitle(e.document()).contains(new String(c, e.begin(), e.end() - e.begin()).strip());
    }

    private static boolean compatible(int a, int b) {
        return a == b || a == ProtectedIndex.COMMON || b == ProtectedIndex.COMMON;
    }

    /** Sampled word shingles found in one document (shingles several documents share say nothing of a source). */
    private void shingleEvidence(IndexKeys windows, char[] c, int n, List<Evidence> out) {
        ProtectedIndex.Params params = index.params();
        int[] words = IndexKeys.wordStarts(c, n);
        for (int w = 0; w + params.shingleWords() <= words.length; w++) {
            int from = words[w];
            int to = IndexKeys.wordEnd(words, w + params.shingleWords() - 1, n);
            long key = windows.shingle(from, to - from);
            if (!IndexKeys.sampled(key, params.shingleSampling())) {
                continue;
            }
            int document = index.lookup(key);
            if (document >= 0) {
                out.add(new Evidence(from, to, document, EvidenceType.SHINGLE, 0, key));
            }
        }
    }

    /** A stretch of evidence from one document. */
    private static final class Region {
        final int document;
        int begin;
        int end;
        final java.util.Set<Long> keys = new java.util.HashSet<>();
        int tiles;
        int shingles;
        int longestRun;
        int covered;
        int coveredTo;
        boolean hasRun;
        boolean startsWithTile;
        boolean endsWithTile;

        Region(Evidence e) {
            document = e.document();
            begin = e.begin();
            end = e.begin();
            add(e);
        }

        void add(Evidence e) {
            boolean tileEvidence = e.type() != EvidenceType.SHINGLE;
            if (e.begin() < begin || keys.isEmpty()) {
                startsWithTile = tileEvidence;
            }
            begin = Math.min(begin, e.begin());
            if (e.end() >= end) {
                endsWithTile = e.end() > end ? tileEvidence : endsWithTile || tileEvidence;
                end = e.end();
            }
            keys.add(e.key());
            covered += Math.max(0, e.end() - Math.max(e.begin(), coveredTo));
            coveredTo = Math.max(coveredTo, e.end());
            tiles += e.tiles();
            shingles += e.type() == EvidenceType.SHINGLE ? 1 : 0;
            if (e.type() == EvidenceType.RUN) {
                hasRun = true;
                longestRun = Math.max(longestRun, e.end() - e.begin());
            }
        }

        /** A run, or evidence from at least three different keys (a phrase the text repeats counts once). */
        boolean qualifies() {
            return hasRun || keys.size() >= CLUSTER_ITEMS && covered * 100 >= (end - begin) * DENSITY_PERCENT;
        }
    }

    /**
     * Groups evidence by document into regions whose items lie within {@code 3·t} characters of each other. Runs of
     * COMMON tiles join the region of a document they touch, else stand alone.
     */
    private List<Region> regions(List<Evidence> evidence) {
        evidence.sort(Comparator.comparingInt(Evidence::begin));
        int gap = 3 * tile;
        List<Region> regions = new ArrayList<>();
        java.util.Map<Integer, Region> open = new java.util.HashMap<>();
        List<Evidence> common = new ArrayList<>();
        for (Evidence e : evidence) {
            if (e.document() == ProtectedIndex.COMMON) {
                common.add(e);
                continue;
            }
            Region r = open.get(e.document());
            if (r != null && e.begin() - r.end <= gap) {
                r.add(e);
            } else {
                r = new Region(e);
                open.put(e.document(), r);
                regions.add(r);
            }
        }
        List<Region> alone = new ArrayList<>();
        // Regions were opened in order of their first evidence: a COMMON run looks at the few opened last before it ends.
        for (Evidence e : common) {
            Region near = null;
            int upper = firstBeginAfter(regions, e.end() + gap);
            for (int i = upper - 1; i >= Math.max(0, upper - NEARBY_REGIONS) && near == null; i--) {
                Region r = regions.get(i);
                if (r.document != ProtectedIndex.COMMON && e.begin() - r.end <= gap) {
                    near = r;
                }
            }
            if (near != null) {
                near.add(e);
            } else {
                alone.add(new Region(e));
            }
        }
        regions.addAll(alone);
        return regions;
    }

    private static int firstBeginAfter(List<Region> regions, int position) {
        int lo = 0;
        int hi = regions.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (regions.get(mid).begin <= position) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
