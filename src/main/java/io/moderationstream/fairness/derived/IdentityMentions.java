package io.moderationstream.fairness.derived;

import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which identity terms a text mentions: one Aho–Corasick pass over the normalised text (linear in its length), whole
 * words only, case-insensitive, regular plurals and the lexicon's variants included, the longest term winning where
 * terms overlap ("african american" is not also "american").
 */
public final class IdentityMentions {
    /** The terms and categories a text mentions, sorted. */
    public record Mentions(SortedSet<String> terms, SortedSet<String> categories) {}

    private final Trie trie;
    /** Every spelling the trie matches, to the term it counts as. */
    private final Map<String, IdentityLexicon.Term> bySpelling = new HashMap<>();

    public IdentityMentions(IdentityLexicon lexicon) {
        Trie.TrieBuilder builder = Trie.builder().ignoreCase().onlyWholeWords().ignoreOverlaps();
        for (IdentityLexicon.Term term : lexicon.terms()) {
            add(builder, term.term(), term);
            term.variants().forEach(v -> add(builder, v, term));
        }
        trie = builder.build();
    }

    private void add(Trie.TrieBuilder builder, String spelling, IdentityLexicon.Term term) {
        for (String form : new String[] {spelling, spelling + "s"}) {
            // A spelling that is another term's own (e.g. a term ending in s) stays that term's.
            if (bySpelling.putIfAbsent(form, term) == null) {
                builder.addKeyword(form);
            }
        }
    }

    public Mentions find(String text) {
        SortedSet<String> terms = new TreeSet<>();
        SortedSet<String> categories = new TreeSet<>();
        for (Emit emit : trie.parseText(normalise(text))) {
            IdentityLexicon.Term term = bySpelling.get(emit.getKeyword());
            if (term != null) {
                terms.add(term.term());
                categories.add(term.category());
            }
        }
        return new Mentions(terms, categories);
    }

    /**
     * Lower case, typographic apostrophes as ', and hyphens, underscores and whitespace runs as one space, so that
     * "Middle-aged", "middle  aged" and "middle_aged" read alike. Lexicon entries go through the same function.
     */
    static String normalise(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '-' || c == '_' || c == '\u2010' || c == '\u2011' || c == '\u2013') {
                space = true;
                continue;
            }
            if (space && !out.isEmpty()) {
                out.append(' ');
            }
            space = false;
            out.append(c == '\u2019' ? '\'' : Character.toLowerCase(c));
        }
        return out.toString();
    }
}
