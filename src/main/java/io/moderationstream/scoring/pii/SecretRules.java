package io.moderationstream.scoring.pii;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Secrets (cloud and API keys, access tokens, private-key blocks, passwords in connection strings) by gitleaks' own
 * rule set (MIT, shipped as {@code pii/gitleaks.toml}) plus {@code pii/extra-secret-rules.toml}, with gitleaks'
 * semantics: a rule runs only where one of its keywords occurs (one Aho–Corasick pass finds them all), its RE2 pattern
 * runs on RE2/J (linear time, whatever the input), the secret is its secret group (else the first non-empty group),
 * which must reach the rule's Shannon-entropy threshold (and, for the generic rules, hold a digit), and the rule's and
 * the global allow-lists (regexes on the secret, the match or the line; stop words) drop known false positives. Rules
 * that only apply to file paths are left out: a text has no path.
 */
final class SecretRules implements Recognizer {
    /** A rule's matches per text beyond which the rest are not reported (the text is then plainly a dump). */
    private static final int MAX_MATCHES_PER_RULE = 64;
    /** How much of the line around a match an allow-list with regexTarget "line" looks at. */
    private static final int LINE_CONTEXT = 200;
    private static final double SPECIFIC = 0.9;
    private static final double GENERIC = 0.7;

    private final List<Rule> rules = new ArrayList<>();
    private final BitSet keywordless = new BitSet();
    private final Map<String, List<Integer>> rulesByKeyword = new HashMap<>();
    private final Trie keywords;
    private final Allowlist global;

    record Allowlist(List<Pattern> regexes, Target target, List<String> stopwords, boolean all) {
        boolean allows(String secret, String match, String line) {
            String subject = switch (target) {
                case SECRET -> secret;
                case MATCH -> match;
                case LINE -> line;
            };
            List<Boolean> criteria = new ArrayList<>(2);
            if (!regexes.isEmpty()) {
                criteria.add(regexes.stream().anyMatch(r -> r.matcher(subject).find()));
            }
            if (!stopwords.isEmpty()) {
                String lower = secret.toLowerCase(Locale.ROOT);
                criteria.add(stopwords.stream().anyMatch(lower::contains));
            }
            if (criteria.isEmpty()) {
                return false;
            }
            return all ? criteria.stream().allMatch(b -> b) : criteria.stream().anyMatch(b -> b);
        }
    }

    enum Target { SECRET, MATCH, LINE }

    record Rule(String id, Pattern pattern, int secretGroup, double entropy, List<Allowlist> allowlists) {}

    SecretRules() {
        this(List.of("pii/gitleaks.toml", "pii/extra-secret-rules.toml"));
    }

    SecretRules(List<String> resources) {
        Allowlist globalList = null;
        Trie.TrieBuilder trie = Trie.builder().ignoreCase();
        for (String resource : resources) {
            TomlParseResult toml = parse(resource);
            TomlTable globalTable = toml.getTable("allowlist");
            if (globalTable != null && globalList == null) {
                globalList = allowlist(globalTable, resource);
            }
            TomlArray array = toml.getArray("rules");
            for (int i = 0; array != null && i < array.size(); i++) {
                TomlTable r = array.getTable(i);
                String regex = r.getString("regex");
                if (regex == null || r.contains("path")) {
                    continue;
                }
                int index = rules.size();
                List<Allowlist> allowlists = new ArrayList<>();
                TomlArray lists = r.getArray("allowlists");
                for (int j = 0; lists != null && j < lists.size(); j++) {
                    allowlists.add(allowlist(lists.getTable(j), resource));
                }
                Object entropy = r.get("entropy");
                Long group = r.getLong("secretGroup");
                rules.add(new Rule(r.getString("id"), compile(regex, resource), group == null ? 0 : group.intValue(),
                        entropy instanceof Number n ? n.doubleValue() : 0, allowlists));
                TomlArray words = r.getArray("keywords");
                if (words == null || words.isEmpty()) {
                    keywordless.set(index);
                } else {
                    for (int k = 0; k < words.size(); k++) {
                        String w = words.getString(k).toLowerCase(Locale.ROOT);
                        rulesByKeyword.computeIfAbsent(w, x -> new ArrayList<>()).add(index);
                        trie.addKeyword(w);
                    }
                }
            }
        }
        keywords = trie.build();
        global = globalList;
    }

    int size() {
        return rules.size();
    }

    @Override
    public void find(String text, ContextWords.Hits context, List<PiiEntity> out) {
        BitSet candidates = (BitSet) keywordless.clone();
        for (Emit e : keywords.parseText(text)) {
            List<Integer> indices = rulesByKeyword.get(e.getKeyword());
            if (indices != null) {
                indices.forEach(candidates::set);
            }
        }
        for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
            scan(rules.get(i), text, out);
        }
    }

    private void scan(Rule rule, String text, List<PiiEntity> out) {
        Matcher m = rule.pattern.matcher(text);
        int found = 0;
        while (found < MAX_MATCHES_PER_RULE && m.find()) {
            int group = secretGroup(rule, m);
            String secret = group == 0 ? m.group().strip() : m.group(group);
            int begin = group == 0 ? m.start() : m.start(group);
            int end = group == 0 ? m.end() : m.end(group);
            if (secret == null || secret.isEmpty() || !strongEnough(rule, secret) || allowed(rule, secret, m.group(), line(text, begin, end))) {
                continue;
            }
            found++;
            double score = rule.id.startsWith("generic") ? GENERIC : SPECIFIC;
            out.add(new PiiEntity(PiiType.SECRET, begin, end, score, rule.id));
        }
    }

    /** gitleaks: the configured group, else the first group that matched something, else the whole match. */
    private static int secretGroup(Rule rule, Matcher m) {
        if (rule.secretGroup > 0 && rule.secretGroup <= m.groupCount()) {
            return rule.secretGroup;
        }
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.group(g) != null && !m.group(g).isEmpty()) {
                return g;
            }
        }
        return 0;
    }

    private static boolean strongEnough(Rule rule, String secret) {
        if (rule.entropy <= 0) {
            return true;
        }
        if (entropy(secret) <= rule.entropy) {
            return false;
        }
        // gitleaks: a generic rule's secret must hold a digit ("password = correcthorse" is prose, not a key).
        return !rule.id.startsWith("generic") || secret.chars().anyMatch(Character::isDigit);
    }

    private boolean allowed(Rule rule, String secret, String match, String line) {
        if (global != null && global.allows(secret, match, line)) {
            return true;
        }
        return rule.allowlists.stream().anyMatch(a -> a.allows(secret, match, line));
    }

    private static String line(String text, int begin, int end) {
        int from = text.lastIndexOf('\n', begin);
        int to = text.indexOf('\n', end);
        from = Math.max(from + 1, begin - LINE_CONTEXT);
        to = to < 0 ? Math.min(text.length(), end + LINE_CONTEXT) : Math.min(to, end + LINE_CONTEXT);
        return text.substring(Math.max(0, from), Math.max(from, to));
    }

    /** Shannon entropy in bits per character, as gitleaks computes it. */
    static double entropy(String s) {
        Map<Character, Integer> counts = new HashMap<>();
        for (int i = 0; i < s.length(); i++) {
            counts.merge(s.charAt(i), 1, Integer::sum);
        }
        double h = 0;
        for (int c : counts.values()) {
            double p = (double) c / s.length();
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }

    private static Allowlist allowlist(TomlTable t, String resource) {
        List<Pattern> regexes = new ArrayList<>();
        TomlArray r = t.getArray("regexes");
        for (int i = 0; r != null && i < r.size(); i++) {
            regexes.add(compile(r.getString(i), resource));
        }
        List<String> stopwords = new ArrayList<>();
        TomlArray s = t.getArray("stopwords");
        for (int i = 0; s != null && i < s.size(); i++) {
            stopwords.add(s.getString(i).toLowerCase(Locale.ROOT));
        }
        String target = t.getString("regexTarget");
        Target tg = target == null ? Target.SECRET : Target.valueOf(target.toUpperCase(Locale.ROOT));
        return new Allowlist(regexes, tg, stopwords, "AND".equalsIgnoreCase(t.getString("condition")));
    }

    private static Pattern compile(String regex, String resource) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalStateException(resource + ": a rule's regex does not compile on RE2/J: " + e.getMessage(), e);
        }
    }

    private static TomlParseResult parse(String resource) {
        try (InputStream in = SecretRules.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("secret rules " + resource + " are missing from the class path");
            }
            TomlParseResult toml = Toml.parse(in);
            if (toml.hasErrors()) {
                throw new IllegalStateException(resource + ": " + toml.errors().get(0));
            }
            return toml;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
