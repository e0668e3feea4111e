package io.moderationstream.scoring.citations.index;

import io.moderationstream.scoring.citations.BibtexReferences;
import io.moderationstream.scoring.citations.PaperRecord;
import io.moderationstream.scoring.citations.Reference;
import io.moderationstream.scoring.citations.ReferenceExtractor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jbibtex.BibTeXDatabase;
import org.jbibtex.BibTeXEntry;
import org.jbibtex.BibTeXParser;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads paper metadata for the citation index from JSON lines ({@code title}, {@code authors}, {@code year},
 * {@code venue}/{@code booktitle}, {@code doi}, {@code arxiv_id}; Paper Copilot's {@code status} and {@code track}:
 * rejected and withdrawn submissions left out, workshop tracks marked), BibTeX files and DBLP XML, gzipped or not.
 */
public final class PaperSources {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PaperSources() {}

    public static void read(Path file, Consumer<PaperRecord> sink) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String base = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            if (base.endsWith(".bib")) {
                readBibtex(in, sink);
            } else if (base.endsWith(".xml")) {
                readDblp(in, sink);
            } else {
                readJsonLines(in, sink);
            }
        }
    }

    static void readJsonLines(InputStream in, Consumer<PaperRecord> sink) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode j = JSON.readTree(line);
            String title = text(j, "title");
            if (title == null || !published(text(j, "status"))) {
                continue;
            }
            List<String> authors = new ArrayList<>();
            JsonNode a = j.get("authors");
            if (a != null && a.isArray()) {
                a.forEach(n -> authors.add(n.isTextual() ? n.asText() : text(n, "name")));
            } else if (a != null && a.isTextual()) {
                authors.addAll(List.of(a.asText().split("\\s+and\\s+")));
            }
            String venue = firstNonBlank(text(j, "venue"), text(j, "booktitle"), text(j, "journal"));
            if (venue != null && isWorkshopTrack(text(j, "status"), text(j, "track"))) {
                venue = venue + " workshop";
            }
            String venueName = firstNonBlank(text(j, "venue_name"), text(j, "booktitle"));
            String id = firstNonBlank(text(j, "anthology_id"), text(j, "bibtex_key"), text(j, "id"), title);
            sink.accept(new PaperRecord(id, title, authors, year(text(j, "year")),
                    venueName != null && venue != null && !venueName.equals(venue) ? venue + " | " + venueName : venue,
                    emptyToNull(text(j, "doi")), emptyToNull(text(j, "arxiv_id"))));
        }
    }

    static void readBibtex(InputStream in, Consumer<PaperRecord> sink) throws IOException {
        try {
            BibTeXDatabase db = new BibTeXParser().parse(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (Map.Entry<org.jbibtex.Key, BibTeXEntry> e : db.getEntries().entrySet()) {
                Map<String, String> fields = new java.util.LinkedHashMap<>();
                e.getValue().getFields().forEach((k, v) ->
                        fields.put(k.getValue().toLowerCase(Locale.ROOT), BibtexReferences.latexToText(v.toUserString())));
                Reference r = BibtexReferences.fromFields(e.getValue().getType().getValue(), fields);
                if (r.title != null) {
                    sink.accept(new PaperRecord(e.getKey().getValue(), r.title, r.authors, r.year, r.venue, r.doi, r.arxivId));
                }
            }
        } catch (org.jbibtex.ParseException e) {
            throw new IOException("invalid BibTeX: " + e.getMessage(), e);
        }
    }

    /** DBLP's dblp.xml: article / inproceedings / ... elements with author, title, year, booktitle|journal, ee. */
    static void readDblp(InputStream in, Consumer<PaperRecord> sink) throws IOException {
        try {
            XMLInputFactory factory = XMLInputFactory.newFactory();
            factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            XMLStreamReader xml = factory.createXMLStreamReader(in);
            String key = null;
            String title = null;
            String venue = null;
            String doi = null;
            Integer year = null;
            List<String> authors = new ArrayList<>();
            int depth = 0;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String el = xml.getLocalName();
                    if (depth == 2) {
                        key = xml.getAttributeValue(null, "key");
                        title = venue = doi = null;
                        year = null;
                        authors = new ArrayList<>();
                    } else if (depth == 3) {
                        String value = xml.getElementText();
                        depth--;
                        switch (el) {
                            case "author" -> authors.add(value);
                            case "title" -> title = value.replaceAll("\\.$", "");
                            case "year" -> year = year(value);
                            case "booktitle", "journal" -> venue = value;
                            case "ee" -> {
                                if (value.contains("doi.org/")) {
                                    doi = value.substring(value.indexOf("doi.org/") + 8).toLowerCase(Locale.ROOT);
                                }
                            }
                            default -> { }
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    if (depth == 2 && title != null) {
                        sink.accept(new PaperRecord(key, title, authors, year, venue, doi, null));
                    }
                    depth--;
                }
            }
        } catch (javax.xml.stream.XMLStreamException e) {
            throw new IOException("invalid DBLP XML: " + e.getMessage(), e);
        }
    }

    /**
     * Paper Copilot's lists also hold OpenReview submissions that were rejected, withdrawn or still under review:
     * not publications, so not in the database (a citation of one is not "verified").
     */
    static boolean published(String status) {
        if (status == null) {
            return true;
        }
        String s = status.toLowerCase(Locale.ROOT);
        return !(s.contains("reject") || s.contains("withdraw") || s.equals("active") || s.contains("desk"));
    }

    private static boolean isWorkshopTrack(String status, String track) {
        return (status != null && status.toLowerCase(Locale.ROOT).contains("workshop"))
                || (track != null && track.toLowerCase(Locale.ROOT).contains("workshop"));
    }

    private static String text(JsonNode j, String field) {
        JsonNode v = j == null ? null : j.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static Integer year(String s) {
        if (s == null) {
            return null;
        }
        var m = ReferenceExtractor.YEAR.matcher(s);
        return m.find() ? Integer.parseInt(m.group(1)) : null;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim().toLowerCase(Locale.ROOT);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
