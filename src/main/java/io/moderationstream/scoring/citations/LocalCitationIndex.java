package io.moderationstream.scoring.citations;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import java.io.Closeable;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Arrays;
import java.util.List;

/**
 * The verified citation database as an Apache Lucene index: BM25 over folded title words for fuzzy title search,
 * and exact keyword fields for normalised title, DOI, arXiv id and first-author-surname + year. Built once by
 * {@code citations index}, opened read-only (memory-mapped) by every scorer subtask.
 */
public final class LocalCitationIndex implements Closeable {
    /** The whole record, as one uncompressed binary doc value: read per hit without decompressing stored-field blocks. */
    public static final String F_RECORD = "record";
    public static final String F_TITLE = "title";
    public static final String F_TITLE_EXACT = "title_exact";
    public static final String F_DOI = "doi";
    public static final String F_ARXIV = "arxiv";
    public static final String F_AUTHOR_YEAR = "author_year";
    private static final char AUTHOR_SEPARATOR = '\u001f';
    private static final char FIELD_SEPARATOR = '\u001e';

    public static final String COVERAGE_FILE = "coverage.json";
    /** Papers per DOI container (the DOI without its last part: a proceedings volume or issue). */
    public static final String DOI_COVERAGE_FILE = "doi-coverage.json";
    /** Bumped when what {@code CitationIndexBuilder} puts in the index changes; {@link #open} refuses an index of another format. */
    public static final String FORMAT = "4";
    public static final String FORMAT_FILE = "index-format";

    private final Directory directory;
    private final DirectoryReader reader;
    /** Papers per canonical venue and year: what the database can vouch for. */
    private final java.util.Map<String, java.util.Map<Integer, Integer>> coverage;
    private final java.util.Map<String, Integer> doiCoverage;
    private final IndexSearcher searcher;

    private LocalCitationIndex(Directory directory, java.util.Map<String, java.util.Map<Integer, Integer>> coverage,
                               java.util.Map<String, Integer> doiCoverage) throws IOException {
        this.coverage = coverage;
        this.doiCoverage = doiCoverage;
        this.directory = directory;
        this.reader = DirectoryReader.open(directory);
        this.searcher = new IndexSearcher(reader);
    }

    public static LocalCitationIndex open(Path dir) throws IOException {
        if (!isCurrent(dir)) {
            throw new IOException("the citation index in " + dir + " is missing or was built by an older version: rebuild it with"
                    + " `citations index --input ... --out " + dir + "` (the embedded default rebuilds itself once the directory is deleted)");
        }
        Path coverageFile = dir.resolve(COVERAGE_FILE);
        java.util.Map<String, java.util.Map<Integer, Integer>> coverage = java.nio.file.Files.exists(coverageFile)
                ? new com.fasterxml.jackson.databind.ObjectMapper().readValue(coverageFile.toFile(),
                        new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, java.util.Map<Integer, Integer>>>() {})
                : java.util.Map.of();
        Path doiCoverageFile = dir.resolve(DOI_COVERAGE_FILE);
        java.util.Map<String, Integer> doiCoverage = java.nio.file.Files.exists(doiCoverageFile)
                ? new com.fasterxml.jackson.databind.ObjectMapper().readValue(doiCoverageFile.toFile(),
                        new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Integer>>() {})
                : java.util.Map.of();
        return new LocalCitationIndex(FSDirectory.open(dir), coverage, doiCoverage);
    }

    /** Whether the index in {@code dir} was built by this version's {@code CitationIndexBuilder}. */
    public static boolean isCurrent(Path dir) throws IOException {
        Path format = dir.resolve(FORMAT_FILE);
        return java.nio.file.Files.exists(format) && java.nio.file.Files.readString(format).trim().equals(FORMAT);
    }

    /**
     * Fewer papers than this in a venue's year and the database holds a sample of it, not its proceedings: absence
     * from a sample proves nothing.
     */
    static final int MIN_PAPERS_FOR_COVERAGE = 20;

    /**
     * Whether the database holds this canonical venue's proceedings of this year, as ingested (the builder counts
     * papers per venue and year), so that a title's absence means something. No venue, or no year, is not coverage:
     * "somewhere at some time" cannot be checked against a finite database.
     */
    public boolean covers(String canonicalVenue, Integer year) {
        var years = canonicalVenue == null ? null : coverage.get(canonicalVenue);
        if (years == null || year == null) {
            return false;
        }
        return years.getOrDefault(year, 0) >= MIN_PAPERS_FOR_COVERAGE;
    }

    /**
     * Whether the database holds the DOI's container (its proceedings volume or issue, e.g. {@code 10.1609/aaai.v36i8}):
     * then a DOI of it that the database lacks is not a paper of it. arXiv DOIs are never covered.
     */
    public boolean coversDoi(String doi) {
        String container = doiContainer(doi);
        return container != null && doiCoverage.getOrDefault(container, 0) >= MIN_PAPERS_FOR_COVERAGE;
    }

    /** The DOI without its last part ("10.1109/cvpr52688.2022.01211" → "10.1109/cvpr52688.2022"); null for arXiv. */
    public static String doiContainer(String doi) {
        if (doi == null || doi.startsWith("10.48550/")) {
            return null;
        }
        String d = doi.toLowerCase(java.util.Locale.ROOT);
        int slash = d.indexOf('/');
        int cut = Math.max(d.lastIndexOf('.'), d.lastIndexOf('/'));
        return slash < 0 || cut <= slash ? null : d.substring(0, cut);
    }

    /** Venue → years with at least {@link #MIN_PAPERS_FOR_COVERAGE} papers: what {@code citations coverage} prints. */
    public java.util.Map<String, java.util.List<Integer>> coveredYears() {
        java.util.Map<String, java.util.List<Integer>> out = new java.util.TreeMap<>();
        coverage.forEach((venue, years) -> years.forEach((year, n) -> {
            if (n >= MIN_PAPERS_FOR_COVERAGE) {
                out.computeIfAbsent(venue, v -> new java.util.ArrayList<>()).add(year);
            }
        }));
        out.values().forEach(java.util.Collections::sort);
        return out;
    }

    public int size() {
        return reader.numDocs();
    }

    /** Title analysis: standard tokenizer, lower case, ASCII folding, English stop words removed. */
    public static Analyzer titleAnalyzer() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new StandardTokenizer();
                // Stop words carry no identity in a title and have the longest postings: dropping them keeps look-ups fast.
                TokenStream stream = new org.apache.lucene.analysis.StopFilter(new ASCIIFoldingFilter(new LowerCaseFilter(source)),
                        org.apache.lucene.analysis.en.EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
                return new TokenStreamComponents(source, stream);
            }
        };
    }

    /** id, title, authors, year, venue, doi, arXiv id: separator-joined UTF-8 (separators never occur in the data). */
    public static String encode(PaperRecord p) {
        return String.join(String.valueOf(FIELD_SEPARATOR), separatorFree(p.id()), separatorFree(p.title()),
                String.join(String.valueOf(AUTHOR_SEPARATOR), p.authors().stream().map(LocalCitationIndex::separatorFree).toList()),
                p.year() == null ? "" : p.year().toString(),
                separatorFree(p.venue()), p.doi() == null ? "" : p.doi().toLowerCase(java.util.Locale.ROOT), separatorFree(p.arxivId()));
    }

    static PaperRecord decode(String encoded) {
        String[] f = encoded.split(String.valueOf(FIELD_SEPARATOR), -1);
        List<String> authors = f[2].isEmpty() ? List.of() : Arrays.asList(f[2].split(String.valueOf(AUTHOR_SEPARATOR)));
        return new PaperRecord(emptyToNull(f[0]), f[1], authors, f[3].isEmpty() ? null : Integer.valueOf(f[3]), emptyToNull(f[4]),
                emptyToNull(f[5]), emptyToNull(f[6]));
    }

    /** The field as stored: null as empty, separator characters as spaces. */
    private static String separatorFree(String s) {
        return s == null ? "" : s.replace(FIELD_SEPARATOR, ' ').replace(AUTHOR_SEPARATOR, ' ');
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    /** The paper with this DOI, or null when none or several have it (volume DOIs identify no single paper). */
    public PaperRecord byDoi(String doi) throws IOException {
        List<PaperRecord> hits = exact(F_DOI, doi.toLowerCase(java.util.Locale.ROOT), 2);
        return hits.size() == 1 ? hits.get(0) : null;
    }

    public PaperRecord byArxiv(String arxivId) throws IOException {
        List<PaperRecord> hits = exact(F_ARXIV, arxivId.toLowerCase(java.util.Locale.ROOT), 1);
        return hits.isEmpty() ? null : hits.get(0);
    }

    public List<PaperRecord> byExactTitle(String normalizedTitle) throws IOException {
        return exact(F_TITLE_EXACT, normalizedTitle, 5);
    }

    public boolean hasAuthorYear(String surname, int year) throws IOException {
        return !exact(F_AUTHOR_YEAR, surname + ":" + year, 1).isEmpty();
    }

    /**
     * The records with this exact keyword, straight from the postings: a term seek per segment, no query, scoring or
     * collector (a tenth of the cost of a TermQuery search, and the look-up most references end with).
     */
    private List<PaperRecord> exact(String field, String value, int limit) throws IOException {
        List<PaperRecord> out = new ArrayList<>(1);
        org.apache.lucene.util.BytesRef term = new org.apache.lucene.util.BytesRef(value);
        for (LeafReaderContext leaf : reader.leaves()) {
            org.apache.lucene.index.Terms terms = leaf.reader().terms(field);
            if (terms == null) {
                continue;
            }
            org.apache.lucene.index.TermsEnum te = terms.iterator();
            if (!te.seekExact(term)) {
                continue;
            }
            org.apache.lucene.index.PostingsEnum postings = te.postings(null, org.apache.lucene.index.PostingsEnum.NONE);
            org.apache.lucene.util.Bits live = leaf.reader().getLiveDocs();
            BinaryDocValues records = leaf.reader().getBinaryDocValues(F_RECORD);
            for (int doc = postings.nextDoc(); doc != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS && out.size() < limit;
                 doc = postings.nextDoc()) {
                if (live != null && !live.get(doc)) {
                    continue;
                }
                if (records == null || !records.advanceExact(doc)) {
                    throw new IOException("citation index without records: rebuild it with `citations index`");
                }
                out.add(decode(records.binaryValue().utf8ToString()));
            }
        }
        return out;
    }

    /** Words of a title that a candidate search uses: its rarest ones. */
    static final int MAX_QUERY_TERMS = 6;

    /** BM25 candidates for a title: its rarest words as optional clauses, half of them required. */
    public List<PaperRecord> searchTitle(String title, int limit) throws IOException {
        return searchTitle(title, limit, 0.5);
    }

    /**
     * Candidates that share at least {@code minShare} of the title's rarest words: half finds garbled copies
     * (near-miss titles); nearly all (0.8) finds only the same title, and is several times faster because Lucene
     * leapfrogs the rarest postings instead of scoring the common ones.
     */
    public List<PaperRecord> searchTitle(String title, int limit, double minShare) throws IOException {
        List<String> terms = analyze(title);
        if (terms.isEmpty()) {
            return List.of();
        }
        // The rarest words identify a title; "learning" and "neural" have the longest postings and add nothing but
        // time. A title within edit similarity 0.75 of the cited one shares at least half of them.
        List<Term> rarest = new ArrayList<>();
        for (String t : new HashSet<>(terms)) {
            rarest.add(new Term(F_TITLE, t));
        }
        java.util.Map<Term, Integer> frequency = new java.util.HashMap<>();
        for (Term t : rarest) {
            frequency.put(t, reader.docFreq(t));
        }
        rarest.removeIf(t -> frequency.get(t) == 0 && rarest.size() > 1);
        rarest.sort(java.util.Comparator.comparing(frequency::get));
        List<Term> used = rarest.subList(0, Math.min(MAX_QUERY_TERMS, rarest.size()));
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        for (Term t : used) {
            q.add(new TermQuery(t), BooleanClause.Occur.SHOULD);
        }
        if (used.size() >= 4) {
            q.setMinimumNumberShouldMatch(Math.max(1, (int) Math.ceil(minShare * used.size())));
        }
        return top(q.build(), limit);
    }

    /** Thread-safe: Lucene keeps one token stream per thread and field. */
    private static final Analyzer TITLE_ANALYZER = titleAnalyzer();

    static List<String> analyze(String text) throws IOException {
        List<String> terms = new ArrayList<>();
        try (TokenStream ts = TITLE_ANALYZER.tokenStream(F_TITLE, new StringReader(text))) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken() && terms.size() < 64) {
                terms.add(term.toString());
            }
            ts.end();
        }
        return terms;
    }

    private List<PaperRecord> top(org.apache.lucene.search.Query query, int limit) throws IOException {
        // No total hit count is needed: with the threshold at the limit, block-max WAND skips what cannot rank.
        TopDocs docs = searcher.search(query, new org.apache.lucene.search.TopScoreDocCollectorManager(limit, null, limit));
        List<PaperRecord> out = new ArrayList<>(docs.scoreDocs.length);
        List<LeafReaderContext> leaves = reader.leaves();
        for (ScoreDoc sd : docs.scoreDocs) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
            BinaryDocValues records = leaf.reader().getBinaryDocValues(F_RECORD);
            if (records == null || !records.advanceExact(sd.doc - leaf.docBase)) {
                throw new IOException("citation index without records: rebuild it with `citations index`");
            }
            out.add(decode(records.binaryValue().utf8ToString()));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        reader.close();
        directory.close();
    }
}
