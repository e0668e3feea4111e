package io.moderationstream.fairness.derived;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Identity terms with their category and spelling variants, read from a tab-separated file (the shipped
 * {@code fairness/identity-terms.tsv}, and operators' extensions in the same format). A later file's line for a term
 * replaces an earlier one, so an extension can also re-categorise a shipped term.
 */
public final class IdentityLexicon {
    public static final String SHIPPED = "fairness/identity-terms.tsv";
    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9_]*");

    /** One term: the group value, its category and the other spellings that count as it. */
    public record Term(String term, String category, List<String> variants) {}

    private final Map<String, Term> terms;

    private IdentityLexicon(Map<String, Term> terms) {
        this.terms = terms;
    }

    public static IdentityLexicon shipped() {
        InputStream in = IdentityLexicon.class.getClassLoader().getResourceAsStream(SHIPPED);
        if (in == null) {
            throw new IllegalStateException("the identity lexicon " + SHIPPED + " is missing from the class path");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return new IdentityLexicon(new LinkedHashMap<>()).with(reader, SHIPPED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This lexicon with a file's terms added (a term already present is replaced). */
    public IdentityLexicon with(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return with(reader, file.toString());
        }
    }

    private IdentityLexicon with(Reader reader, String source) throws IOException {
        Map<String, Term> merged = new LinkedHashMap<>(terms);
        BufferedReader lines = new BufferedReader(reader);
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            String term = IdentityMentions.normalise(cells[0]).trim();
            if (cells.length < 2 || cells.length > 3 || term.isEmpty()) {
                throw new IllegalArgumentException(source + ":" + number
                        + ": expected <term> TAB <category> [TAB <variant>|<variant>...], got \"" + line + "\"");
            }
            String category = cells[1].trim();
            if (!CATEGORY.matcher(category).matches()) {
                throw new IllegalArgumentException(source + ":" + number + ": category \"" + category
                        + "\" must be lower-case letters, digits and _ (e.g. religion, race_ethnicity)");
            }
            List<String> variants = new ArrayList<>();
            if (cells.length == 3 && !cells[2].isBlank()) {
                for (String v : cells[2].split("\\|")) {
                    String variant = IdentityMentions.normalise(v).trim();
                    if (!variant.isEmpty()) {
                        variants.add(variant);
                    }
                }
            }
            merged.put(term, new Term(term, category, List.copyOf(variants)));
        }
        return new IdentityLexicon(merged);
    }

    public List<Term> terms() {
        return List.copyOf(terms.values());
    }
}
