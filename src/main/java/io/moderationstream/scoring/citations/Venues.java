package io.moderationstream.scoring.citations;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Maps venue strings to canonical acronyms, to compare venues and to know what the local database covers. */
public final class Venues {
    private static final Map<String, String> PATTERNS = new LinkedHashMap<>();

    static {
        // Order matters: more specific names first.
        PATTERNS.put("findings of the association for computational linguistics", "FINDINGS");
        PATTERNS.put("findings", "FINDINGS");
        PATTERNS.put("north american chapter", "NAACL");
        PATTERNS.put("naacl", "NAACL");
        PATTERNS.put("european chapter", "EACL");
        PATTERNS.put("eacl", "EACL");
        PATTERNS.put("asia-pacific chapter", "AACL");
        PATTERNS.put("aacl", "AACL");
        PATTERNS.put("empirical methods in natural language processing", "EMNLP");
        PATTERNS.put("emnlp", "EMNLP");
        PATTERNS.put("transactions of the association for computational linguistics", "TACL");
        PATTERNS.put("tacl", "TACL");
        PATTERNS.put("computational linguistics", "ACL");
        PATTERNS.put("coling", "COLING");
        PATTERNS.put("conll", "CONLL");
        PATTERNS.put("lrec", "LREC");
        PATTERNS.put("language resources and evaluation", "LREC");
        PATTERNS.put("neural information processing systems", "NEURIPS");
        PATTERNS.put("neurips", "NEURIPS");
        PATTERNS.put("nips", "NEURIPS");
        PATTERNS.put("international conference on machine learning", "ICML");
        PATTERNS.put("int. conf. on machine learning", "ICML");
        PATTERNS.put("conference on machine learning", "ICML");
        PATTERNS.put("icml", "ICML");
        PATTERNS.put("international conference on learning representations", "ICLR");
        PATTERNS.put("iclr", "ICLR");
        PATTERNS.put("artificial intelligence and statistics", "AISTATS");
        PATTERNS.put("aistats", "AISTATS");
        PATTERNS.put("uncertainty in artificial intelligence", "UAI");
        PATTERNS.put("uai", "UAI");
        PATTERNS.put("learning theory", "COLT");
        PATTERNS.put("colt", "COLT");
        PATTERNS.put("journal of machine learning research", "JMLR");
        PATTERNS.put("j. mach. learn. res", "JMLR");
        PATTERNS.put("trans. mach. learn. res", "TMLR");
        PATTERNS.put("transactions on machine learning research", "TMLR");
        PATTERNS.put("jmlr", "JMLR");
        PATTERNS.put("machine learning research", "TMLR");
        PATTERNS.put("tmlr", "TMLR");
        PATTERNS.put("computer vision and pattern recognition", "CVPR");
        PATTERNS.put("cvpr", "CVPR");
        PATTERNS.put("international conference on computer vision", "ICCV");
        PATTERNS.put("iccv", "ICCV");
        PATTERNS.put("european conference on computer vision", "ECCV");
        PATTERNS.put("eccv", "ECCV");
        PATTERNS.put("aaai", "AAAI");
        PATTERNS.put("ijcai", "IJCAI");
        PATTERNS.put("kdd", "KDD");
        PATTERNS.put("knowledge discovery", "KDD");
        PATTERNS.put("corl", "CORL");
        PATTERNS.put("robot learning", "CORL");
        PATTERNS.put("acml", "ACML");
        PATTERNS.put("mach. learn", "MLJ");
        PATTERNS.put("machine learning journal", "MLJ");
        PATTERNS.put("mlj", "MLJ");
        PATTERNS.put("journal of artificial intelligence research", "JAIR");
        PATTERNS.put("jair", "JAIR");
        PATTERNS.put("asian conference on machine learning", "ACML");
        PATTERNS.put("international conference on robotics and automation", "ICRA");
        PATTERNS.put("icra", "ICRA");
        PATTERNS.put("intelligent robots and systems", "IROS");
        PATTERNS.put("iros", "IROS");
        PATTERNS.put("robotics: science and systems", "RSS");
        PATTERNS.put("robotics science and systems", "RSS");
        PATTERNS.put("rss", "RSS");
        PATTERNS.put("the web conference", "WWW");
        PATTERNS.put("world wide web", "WWW");
        PATTERNS.put("www", "WWW");
        PATTERNS.put("winter conference on applications of computer vision", "WACV");
        PATTERNS.put("wacv", "WACV");
        PATTERNS.put("siggraph asia", "SIGGRAPHASIA");
        PATTERNS.put("siggraphasia", "SIGGRAPHASIA");
        PATTERNS.put("siggraph", "SIGGRAPH");
        PATTERNS.put("acm multimedia", "ACMMM");
        PATTERNS.put("acm international conference on multimedia", "ACMMM");
        PATTERNS.put("acmmm", "ACMMM");
        PATTERNS.put("conference on language modeling", "COLM");
        PATTERNS.put("colm", "COLM");
        PATTERNS.put("3dv", "3DV");
        PATTERNS.put("international conference on 3d vision", "3DV");
        PATTERNS.put("acl", "ACL");
        PATTERNS.put("association for computational linguistics", "ACL");
        PATTERNS.put("arxiv", "ARXIV");
    }

    private Venues() {}

    /** Canonical acronym, or null when the venue is unknown. */
    public static String canonical(String venue) {
        if (venue == null) {
            return null;
        }
        String v = venue.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> e : PATTERNS.entrySet()) {
            String key = e.getKey();
            int i = v.indexOf(key);
            // Short keys must stand as words ("acl" inside "oracle" is not ACL).
            while (i >= 0) {
                boolean startOk = i == 0 || !Character.isLetter(v.charAt(i - 1));
                int end = i + key.length();
                boolean endOk = end >= v.length() || !Character.isLetter(v.charAt(end));
                if (startOk && endOk) {
                    return e.getValue();
                }
                i = v.indexOf(key, i + 1);
            }
        }
        return null;
    }

    private static final java.util.regex.Pattern WORKSHOP_ABBREVIATION = java.util.regex.Pattern.compile("[a-z]+w\\b");

    static boolean isWorkshop(String venue) {
        String v = venue.toLowerCase(Locale.ROOT);
        return v.contains("workshop") || WORKSHOP_ABBREVIATION.matcher(v).lookingAt();
    }

    /** DOI registrant prefixes of the publishers of known venues: a DOI from another registrant does not fit the venue. */
    private static final Map<String, java.util.Set<String>> REGISTRANTS = Map.ofEntries(
            Map.entry("ACL", java.util.Set.of("10.18653", "10.3115")), Map.entry("EMNLP", java.util.Set.of("10.18653", "10.3115")),
            Map.entry("NAACL", java.util.Set.of("10.18653", "10.3115")), Map.entry("EACL", java.util.Set.of("10.18653", "10.3115")),
            Map.entry("AACL", java.util.Set.of("10.18653")), Map.entry("FINDINGS", java.util.Set.of("10.18653")),
            Map.entry("COLING", java.util.Set.of("10.18653", "10.3115")), Map.entry("CONLL", java.util.Set.of("10.18653", "10.3115")),
            Map.entry("TACL", java.util.Set.of("10.1162")), Map.entry("AAAI", java.util.Set.of("10.1609")),
            Map.entry("IJCAI", java.util.Set.of("10.24963")), Map.entry("CVPR", java.util.Set.of("10.1109")),
            Map.entry("ICCV", java.util.Set.of("10.1109")), Map.entry("ECCV", java.util.Set.of("10.1007")),
            Map.entry("KDD", java.util.Set.of("10.1145")), Map.entry("WWW", java.util.Set.of("10.1145")),
            Map.entry("SIGGRAPH", java.util.Set.of("10.1145")), Map.entry("SIGGRAPHASIA", java.util.Set.of("10.1145")),
            Map.entry("ACMMM", java.util.Set.of("10.1145")), Map.entry("ICRA", java.util.Set.of("10.1109")),
            Map.entry("IROS", java.util.Set.of("10.1109")), Map.entry("WACV", java.util.Set.of("10.1109")),
            Map.entry("RSS", java.util.Set.of("10.15607")),
            // PMLR, OpenReview and NeurIPS proceedings have no DOIs of their own.
            Map.entry("ICML", java.util.Set.of()), Map.entry("ICLR", java.util.Set.of()), Map.entry("NEURIPS", java.util.Set.of()),
            Map.entry("AISTATS", java.util.Set.of()), Map.entry("COLT", java.util.Set.of()), Map.entry("UAI", java.util.Set.of()),
            Map.entry("CORL", java.util.Set.of()), Map.entry("ACML", java.util.Set.of()));

    /** Whether a DOI can belong to a paper of this venue (arXiv DOIs fit any venue). Unknown venues always fit. */
    public static boolean doiFitsVenue(String doi, String venue) {
        String canonical = canonical(venue);
        var registrants = canonical == null ? null : REGISTRANTS.get(canonical);
        if (doi == null || registrants == null || doi.startsWith("10.48550/")) {
            return true;
        }
        int slash = doi.indexOf('/');
        return slash > 0 && registrants.contains(doi.substring(0, slash));
    }

    /** The venue and year that a DOI itself names (proceedings DOIs of AAAI, CVPR, ICCV, IJCAI, the ACL Anthology). */
    public record DoiVenue(String venue, int year) {}

    private static final java.util.regex.Pattern AAAI_DOI = java.util.regex.Pattern.compile("10\\.1609/aaai\\.v(\\d{2})i");
    private static final java.util.regex.Pattern IEEE_CV_DOI = java.util.regex.Pattern.compile("10\\.1109/(cvpr|iccv)\\d*\\.((?:19|20)\\d{2})\\.");
    private static final java.util.regex.Pattern IJCAI_DOI = java.util.regex.Pattern.compile("10\\.24963/ijcai\\.((?:19|20)\\d{2})/");
    private static final java.util.regex.Pattern ACL_DOI = java.util.regex.Pattern.compile("10\\.18653/v1/((?:19|20)\\d{2})\\.([a-z]+)-");
    private static final java.util.regex.Pattern OLD_ACL_DOI = java.util.regex.Pattern.compile("10\\.18653/v1/([pndek])(\\d{2})-\\d");
    private static final Map<Character, String> OLD_ACL_LETTERS = Map.of('p', "ACL", 'n', "NAACL", 'd', "EMNLP", 'e', "EACL", 'k', "CONLL");

    /** Null when the DOI does not name a known venue (most DOIs: journals, arXiv, workshops). */
    public static DoiVenue fromDoi(String doi) {
        if (doi == null) {
            return null;
        }
        String d = doi.toLowerCase(Locale.ROOT);
        java.util.regex.Matcher m;
        if ((m = AAAI_DOI.matcher(d)).lookingAt()) {
            // AAAI-19 is volume 33: the volume counts conferences since 1986.
            return new DoiVenue("AAAI", 1986 + Integer.parseInt(m.group(1)));
        }
        if ((m = IEEE_CV_DOI.matcher(d)).lookingAt()) {
            return new DoiVenue(m.group(1).toUpperCase(Locale.ROOT), Integer.parseInt(m.group(2)));
        }
        if ((m = IJCAI_DOI.matcher(d)).lookingAt()) {
            return new DoiVenue("IJCAI", Integer.parseInt(m.group(1)));
        }
        if ((m = ACL_DOI.matcher(d)).lookingAt()) {
            String venue = canonical(m.group(2));
            return venue == null ? null : new DoiVenue(venue, Integer.parseInt(m.group(1)));
        }
        if ((m = OLD_ACL_DOI.matcher(d)).lookingAt()) {
            return new DoiVenue(OLD_ACL_LETTERS.get(m.group(1).charAt(0)), 2000 + Integer.parseInt(m.group(2)));
        }
        return null;
    }

    private static final java.util.Set<String> JOURNALS = java.util.Set.of("JMLR", "TMLR", "MLJ", "JAIR", "TACL");

    /**
     * Two venue strings that map to different known conferences disagree. Unknown venues, preprints, workshops and
     * journal-versus-conference pairs (extended versions are common) never disagree.
     */
    public static boolean disagree(String a, String b) {
        String ca = canonical(a);
        String cb = canonical(b);
        if (ca == null || cb == null || ca.equals(cb) || ca.equals("ARXIV") || cb.equals("ARXIV")) {
            return false;
        }
        if (isWorkshop(a) || isWorkshop(b) || JOURNALS.contains(ca) != JOURNALS.contains(cb)) {
            return false;
        }
        // Findings and workshops are published under the main conference's banner.
        return !(ca.equals("FINDINGS") || cb.equals("FINDINGS"));
    }
}
