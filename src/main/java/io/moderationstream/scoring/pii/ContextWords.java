package io.moderationstream.scoring.pii;

import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Words around a candidate that make it more or less likely to be what its pattern says: "card ending", "call me" raise
 * a card's or phone's confidence; "order", "invoice", "ISBN", "version", "timestamp" lower every type's. All words are
 * found in one Aho–Corasick pass over the text (whole words, any case), then looked up per candidate.
 */
final class ContextWords {
    /** How far before a value its context may start, and how far after it may end (characters). */
    static final int BEFORE = 48;
    static final int AFTER = 24;

    private static final Map<PiiType, List<String>> POSITIVE = Map.of(
            PiiType.EMAIL_ADDRESS, List.of("email", "e-mail", "mail", "contact", "reach", "write to", "address"),
            PiiType.PHONE_NUMBER, List.of("phone", "call", "tel", "telephone", "mobile", "cell", "fax", "text me", "whatsapp",
                    "reach", "contact", "number", "dial"),
            PiiType.CREDIT_CARD, List.of("card", "credit", "debit", "visa", "mastercard", "amex", "american express", "discover",
                    "payment", "pay", "cc", "card number", "charged", "billing"),
            PiiType.IBAN_CODE, List.of("iban", "bank", "account", "transfer", "wire", "sepa", "payee", "bic", "swift"),
            PiiType.US_SSN, List.of("ssn", "social security", "social-security", "social security number", "taxpayer", "tin", "ss#"),
            PiiType.IP_ADDRESS, List.of("ip", "ip address", "server", "host", "connect", "connected", "login from", "logged in from",
                    "ping", "subnet", "gateway", "firewall", "request from"),
            PiiType.CRYPTO_WALLET, List.of("wallet", "bitcoin", "btc", "ethereum", "eth", "crypto", "send to", "deposit", "address"));

    /** Words that say a number is something else: an order, a product, a build, a time. */
    private static final List<String> NEGATIVE = List.of("order", "order number", "order no", "invoice", "isbn", "version",
            "timestamp", "tracking", "tracking number", "serial", "serial number", "sku", "part number", "model number", "build",
            "release", "commit", "sha", "hash", "uuid", "guid", "ticket", "case number", "reference", "ref", "confirmation",
            "receipt", "patent", "doi", "checksum", "epoch", "unix time", "zip", "postcode", "postal code", "page", "issue");

    private final Trie trie;
    private final Map<String, Set<PiiType>> positive = new HashMap<>();

    ContextWords() {
        Trie.TrieBuilder builder = Trie.builder().ignoreCase().onlyWholeWords();
        POSITIVE.forEach((type, words) -> words.forEach(w -> {
            positive.computeIfAbsent(w, k -> EnumSet.noneOf(PiiType.class)).add(type);
            builder.addKeyword(w);
        }));
        NEGATIVE.forEach(builder::addKeyword);
        trie = builder.build();
    }

    /** The context words of one text, in order of position. */
    Hits scan(String text) {
        List<Emit> emits = new ArrayList<>(trie.parseText(text));
        emits.sort((a, b) -> Integer.compare(a.getStart(), b.getStart()));
        return new Hits(text, emits);
    }

    /** The context words of one text; asked per candidate. */
    final class Hits {
        private final String text;
        private final List<Emit> emits;

        private Hits(String text, List<Emit> emits) {
            this.text = text;
            this.emits = emits;
        }

        /** Whether a word that supports {@code type} is near [begin, end). */
        boolean supports(PiiType type, int begin, int end) {
            for (Emit e : near(begin, end)) {
                Set<PiiType> types = positive.get(e.getKeyword().toLowerCase(java.util.Locale.ROOT));
                if (types != null && types.contains(type)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether a word that says "this is an order number, a version, a time ..." is just before [begin, end). */
        boolean contradicts(int begin, int end) {
            for (Emit e : near(begin, end)) {
                if (e.getEnd() < begin && NEGATIVE.contains(e.getKeyword().toLowerCase(java.util.Locale.ROOT))) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The context words around [begin, end) in the same sentence: "everything looks in order. Her mobile is ..."
         * says nothing about the number.
         */
        private List<Emit> near(int begin, int end) {
            int from = sentenceStart(begin);
            int to = sentenceEnd(end);
            List<Emit> out = new ArrayList<>();
            for (int i = lowerBound(from); i < emits.size() && emits.get(i).getStart() < to; i++) {
                Emit e = emits.get(i);
                // A word inside the value (an e-mail's "mail" host) is not context.
                if (e.getEnd() < begin || e.getStart() >= end) {
                    out.add(e);
                }
            }
            return out;
        }

        private int sentenceStart(int begin) {
            int limit = Math.max(0, begin - BEFORE);
            for (int i = begin - 1; i > limit; i--) {
                if (breaksSentence(i)) {
                    return i + 1;
                }
            }
            return limit;
        }

        private int sentenceEnd(int end) {
            int limit = Math.min(text.length(), end + AFTER);
            for (int i = end; i < limit; i++) {
                if (breaksSentence(i)) {
                    return i;
                }
            }
            return limit;
        }

        /** A line break, or a full stop, "!" or "?" followed by white space. */
        private boolean breaksSentence(int i) {
            char c = text.charAt(i);
            return c == '\n' || ((c == '.' || c == '!' || c == '?') && i + 1 < text.length() && Character.isWhitespace(text.charAt(i + 1)));
        }

        private int lowerBound(int position) {
            int lo = 0;
            int hi = emits.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (emits.get(mid).getStart() < position) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
