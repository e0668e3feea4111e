package io.moderationstream.scoring.citations;

import org.jbibtex.BibTeXDatabase;
import org.jbibtex.BibTeXEntry;
import org.jbibtex.BibTeXParser;
import org.jbibtex.Key;
import org.jbibtex.LaTeXParser;
import org.jbibtex.LaTeXPrinter;
import org.jbibtex.Value;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** BibTeX entries inside generated text, parsed with jbibtex; entries are located by a linear brace scan. */
public final class BibtexReferences {
    private static final Pattern ENTRY_START = Pattern.compile("@([A-Za-z]{2,20}+)\\s*+\\{");
    private static final int MAX_ENTRY = 20_000;

    List<Reference> extract(String text) {
        List<Reference> refs = new ArrayList<>();
        Matcher m = ENTRY_START.matcher(text);
        int searchFrom = 0;
        while (searchFrom < text.length() && m.find(searchFrom)) {
            int end = matchingBrace(text, m.end() - 1);
            if (end < 0) {
                searchFrom = m.end();
                continue;
            }
            String entryText = text.substring(m.start(), end + 1);
            Reference r = parse(entryText, m.start(), end + 1);
            if (r != null) {
                refs.add(r);
            }
            searchFrom = end + 1;
        }
        return refs;
    }

    private static int matchingBrace(String text, int open) {
        int depth = 0;
        int limit = Math.min(text.length(), open + MAX_ENTRY);
        for (int i = open; i < limit; i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static Reference parse(String entryText, int begin, int end) {
        try {
            BibTeXParser parser = new BibTeXParser() {
                @Override
                public void checkStringResolution(Key key, org.jbibtex.BibTeXString string) {
                    // Undefined @string macros in generated text are not an error worth dropping the entry for.
                }

                @Override
                public void checkCrossReferenceResolution(Key key, BibTeXEntry entry) {
                }
            };
            BibTeXDatabase db = parser.parse(new StringReader(entryText));
            for (BibTeXEntry entry : db.getEntries().values()) {
                Reference r = fromFields(entry.getType().getValue(), fields(entry));
                r.begin = begin;
                r.end = end;
                r.raw = entryText;
                return r;
            }
        } catch (Exception e) {
            // Malformed BibTeX falls back to the line-based entry parser.
        }
        return null;
    }

    private static Map<String, String> fields(BibTeXEntry entry) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (Map.Entry<Key, Value> f : entry.getFields().entrySet()) {
            fields.put(f.getKey().getValue().toLowerCase(Locale.ROOT), latexToText(f.getValue().toUserString()));
        }
        return fields;
    }

    public static String latexToText(String latex) {
        if (latex == null || latex.indexOf('\\') < 0 && latex.indexOf('{') < 0) {
            return latex;
        }
        try {
            return new LaTeXPrinter().print(new LaTeXParser().parse(new StringReader(latex)));
        } catch (Exception e) {
            return latex.replace("{", "").replace("}", "");
        }
    }

    private static final Pattern ARXIV_IN_FIELD = Pattern.compile("(?i)(?:arxiv[.:/ ]|abs/|^)(\\d{4}\\.\\d{4,5}+)");

    /**
     * A HALLMARK benchmark entry's reference, built from its {@code bibtex_type} and {@code fields} only (its label,
     * subtests and explanation would give the answer away).
     */
    public static Reference fromHallmark(com.fasterxml.jackson.databind.JsonNode entry) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        entry.path("fields").fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
        return fromFields(entry.path("bibtex_type").asText(), fields);
    }

    /** Builds a reference from BibTeX-style fields (also used for HALLMARK entries, which come as field maps). */
    public static Reference fromFields(String type, Map<String, String> fields) {
        Reference r = new Reference(Reference.Kind.BIBTEX, 0, 0, null);
        r.title = clean(latexToText(fields.get("title")));
        String author = latexToText(fields.get("author"));
        if (author != null) {
            for (String a : author.split("\\s+and\\s+")) {
                String name = clean(a);
                if (name != null && name.equalsIgnoreCase("others")) {
                    r.authorsTruncated = true;
                } else if (name != null) {
                    r.authors.add(name);
                }
            }
        }
        String year = fields.get("year");
        if (year != null) {
            Matcher y = ReferenceExtractor.YEAR.matcher(year);
            if (y.find()) {
                r.year = Integer.parseInt(y.group(1));
            }
        }
        r.venue = clean(firstNonNull(fields.get("booktitle"), fields.get("journal"), fields.get("publisher")));
        String doi = fields.get("doi");
        if (doi != null && !doi.isBlank()) {
            Matcher d = ReferenceExtractor.DOI.matcher(doi);
            r.doi = d.find() ? ReferenceExtractor.cleanDoi(d.group(1)) : null;
        }
        for (String key : new String[] {"eprint", "url", "journal", "note"}) {
            String v = fields.get(key);
            if (v == null || r.arxivId != null) {
                continue;
            }
            Matcher a = ARXIV_IN_FIELD.matcher(v);
            if (a.find() && (key.equals("eprint") || v.toLowerCase(Locale.ROOT).contains("arxiv"))) {
                r.arxivId = a.group(1);
            }
        }
        if (r.doi != null && r.arxivId == null && r.doi.startsWith("10.48550/arxiv.")) {
            r.arxivId = r.doi.substring("10.48550/arxiv.".length());
        }
        return r;
    }

    private static String clean(String s) {
        if (s == null) {
            return null;
        }
        // Exported BibTeX often carries HTML entities ("Allocation &amp; Regularization").
        String unescaped = s.indexOf('&') >= 0 ? org.apache.commons.text.StringEscapeUtils.unescapeXml(org.apache.commons.text.StringEscapeUtils.unescapeHtml4(s)) : s;
        String t = unescaped.replace("{", "").replace("}", "").replaceAll("\\s+", " ").trim();
        return t.isEmpty() ? null : t;
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
