package io.moderationstream.fairness.derived;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;

import java.util.EnumSet;
import java.util.Set;

/**
 * A completion's language with Lingua (n-gram models, no network): ISO 639-1, or {@link #UNDETERMINED} when the
 * text is too short, has no letters, or no language is clearly ahead. One detector per JVM (its models are read once
 * and shared by every subtask of a TaskManager); low-accuracy mode (trigrams only), on the text's first
 * {@link #PREFIX_CHARS} characters, keeps it to a fraction of a millisecond per answer.
 */
public final class LanguageDetection {
    public static final String UNDETERMINED = "und";
    /** The languages told apart: the most used ones in chat traffic. Their models alone ship in the jars (pom.xml). */
    public static final Set<Language> LANGUAGES = EnumSet.of(
            Language.ENGLISH, Language.SPANISH, Language.FRENCH, Language.GERMAN, Language.ITALIAN, Language.PORTUGUESE,
            Language.DUTCH, Language.SWEDISH, Language.DANISH, Language.POLISH, Language.CZECH, Language.ROMANIAN,
            Language.RUSSIAN, Language.UKRAINIAN, Language.GREEK, Language.TURKISH, Language.ARABIC, Language.HEBREW,
            Language.PERSIAN, Language.HINDI, Language.INDONESIAN, Language.VIETNAMESE, Language.CHINESE,
            Language.JAPANESE, Language.KOREAN);
    static final int PREFIX_CHARS = 600;
    /** Fewer letters than this (about eight words) and low-accuracy mode guesses too often: und. */
    static final int MIN_LETTERS = 40;
    /** How far ahead of the runner-up the best language must be (Lingua's relative distance). */
    static final double MIN_RELATIVE_DISTANCE = 0.05;

    private LanguageDetection() {}

    private static final class Holder {
        static final LanguageDetector DETECTOR = LanguageDetectorBuilder.fromLanguages(LANGUAGES.toArray(new Language[0]))
                .withLowAccuracyMode()
                .withMinimumRelativeDistance(MIN_RELATIVE_DISTANCE)
                .build();
    }

    public static String detect(String text) {
        String prefix = prefix(text);
        int letters = 0;
        for (int i = 0; i < prefix.length() && letters < MIN_LETTERS; i++) {
            letters += letterWeight(prefix.charAt(i));
        }
        if (letters < MIN_LETTERS) {
            return UNDETERMINED;
        }
        Language language = Holder.DETECTOR.detectLanguageOf(prefix);
        return language == Language.UNKNOWN ? UNDETERMINED : language.getIsoCode639_1().toString().toLowerCase(java.util.Locale.ROOT);
    }

    /** A Chinese, Japanese or Korean character carries about a word's worth of evidence: it counts as three letters. */
    private static int letterWeight(char c) {
        if (!Character.isLetter(c)) {
            return 0;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL ? 3 : 1;
    }

    /** The first PREFIX_CHARS characters, cut at a space so no word is split. */
    private static String prefix(String text) {
        if (text.length() <= PREFIX_CHARS) {
            return text;
        }
        int cut = text.lastIndexOf(' ', PREFIX_CHARS);
        return text.substring(0, cut > PREFIX_CHARS / 2 ? cut : PREFIX_CHARS);
    }
}
