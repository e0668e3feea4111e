package io.moderationstream.scoring.citations.index;

import io.moderationstream.scoring.citations.LocalCitationIndex;
import io.moderationstream.scoring.citations.Names;
import io.moderationstream.scoring.citations.PaperRecord;
import io.moderationstream.scoring.citations.Venues;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the verified citation database that {@link LocalCitationIndex} serves, offline ({@code citations index},
 * the embedded default's first start): papers from JSON lines, BibTeX or DBLP XML, de-duplicated, with the coverage
 * of each venue and year. Not part of the job jar.
 */
public final class CitationIndexBuilder {
    private CitationIndexBuilder() {}

    /** Statistics of one {@link #build} run. */
    public record BuildStats(long read, long indexed, long duplicates, long millis) {}

    /** Builds (or replaces) the index in {@code out}, dropping duplicates on normalised title + year + first surname + venue. */
    public static BuildStats build(List<Path> inputs, Path out) throws IOException {
        long start = System.currentTimeMillis();
        long[] counts = new long[3];
        Set<String> seen = new HashSet<>();
        java.util.Map<String, java.util.Map<Integer, Integer>> coverage = new java.util.TreeMap<>();
        java.util.Map<String, Integer> doiCoverage = new java.util.TreeMap<>();
        IndexWriterConfig cfg = new IndexWriterConfig(LocalCitationIndex.titleAnalyzer())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setRAMBufferSizeMB(128);
        try (Directory dir = FSDirectory.open(out); IndexWriter writer = new IndexWriter(dir, cfg)) {
            for (Path input : inputs) {
                PaperSources.read(input, paper -> {
                    counts[0]++;
                    String normTitle = Names.normalizeTitle(paper.title());
                    String first = paper.authors().isEmpty() ? "" : Names.surname(paper.authors().get(0));
                    // One paper may appear at several venues in a year (workshop and main track): keep each.
                    String venue = Venues.canonical(paper.venue());
                    if (normTitle.isEmpty() || !seen.add(normTitle + "|" + paper.year() + "|" + first + "|"
                            + (venue != null ? venue : paper.venue()))) {
                        counts[2]++;
                        return;
                    }
                    String container = LocalCitationIndex.doiContainer(paper.doi());
                    if (container != null) {
                        doiCoverage.merge(container, 1, Integer::sum);
                    }
                    if (venue != null && paper.year() != null) {
                        coverage.computeIfAbsent(venue, v -> new java.util.TreeMap<>()).merge(paper.year(), 1, Integer::sum);
                    }
                    try {
                        writer.addDocument(toDocument(paper, normTitle, first));
                        counts[1]++;
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            writer.forceMerge(1);
        }
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(out.resolve(LocalCitationIndex.COVERAGE_FILE).toFile(), coverage);
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(out.resolve(LocalCitationIndex.DOI_COVERAGE_FILE).toFile(), doiCoverage);
        java.nio.file.Files.writeString(out.resolve(LocalCitationIndex.FORMAT_FILE), LocalCitationIndex.FORMAT);
        return new BuildStats(counts[0], counts[1], counts[2], System.currentTimeMillis() - start);
    }

    private static Document toDocument(PaperRecord paper, String normTitle, String firstSurname) {
        Document doc = new Document();
        doc.add(new TextField(LocalCitationIndex.F_TITLE, paper.title(), Field.Store.NO));
        doc.add(new StringField(LocalCitationIndex.F_TITLE_EXACT, normTitle, Field.Store.NO));
        if (paper.doi() != null) {
            doc.add(new StringField(LocalCitationIndex.F_DOI, paper.doi().toLowerCase(java.util.Locale.ROOT), Field.Store.NO));
        }
        if (paper.arxivId() != null) {
            doc.add(new StringField(LocalCitationIndex.F_ARXIV, paper.arxivId(), Field.Store.NO));
        }
        if (paper.year() != null && !firstSurname.isEmpty()) {
            doc.add(new StringField(LocalCitationIndex.F_AUTHOR_YEAR, firstSurname + ":" + paper.year(), Field.Store.NO));
        }
        doc.add(new BinaryDocValuesField(LocalCitationIndex.F_RECORD, new BytesRef(LocalCitationIndex.encode(paper))));
        return doc;
    }
}
