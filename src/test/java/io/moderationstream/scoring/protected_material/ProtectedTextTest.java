package io.moderationstream.scoring.protected_material;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The normal form: what restyling cannot change, and offsets that lead back to the original. */
class ProtectedTextTest {
    private static final String PASSAGE = "It was seven o'clock of a very warm evening in the Seeonee hills, when Father Wolf woke up.";

    @Test
    void caseQuotesApostrophesPunctuationAndSpacingDoNotMatter() {
        String normal = ProtectedText.of(PASSAGE).toString();
        assertThat(normal).isEqualTo("it was seven oclock of a very warm evening in the seeonee hills when father wolf woke up");
        for (String restyled : new String[] {
            PASSAGE.toUpperCase(java.util.Locale.ROOT),
            "It was seven o\u2019clock of a very warm evening in the Seeonee hills \u2014 when Father Wolf woke up!",
            "It  was seven\no'clock of a very\twarm evening in the Seeonee hills;   when Father Wolf woke up...",
            "  It was seven o'clock, of a very warm evening, in the Seeonee hills, when Father Wolf woke up  ",
        }) {
            assertThat(ProtectedText.of(restyled).toString()).as(restyled).isEqualTo(normal);
        }
    }

    @Test
    void compatibilityFormsAndAccentsFold() {
        assertThat(ProtectedText.of("\uFB01ne \uFF37\uFF4F\uFF4C\uFF46 caf\u00E9 cafe\u0301 \u2460").toString()).isEqualTo("fine wolf cafe cafe 1");
        assertThat(ProtectedText.of("\uD835\uDC07\uD835\uDC1E\uD835\uDC25\uD835\uDC25\uD835\uDC28").toString()).isEqualTo("hello");   // mathematical bold
    }

    @Test
    void everyNormalisedCharacterPointsBackIntoTheOriginal() {
        String text = "\u201CHello\u201D \uD83D\uDE00 W\u00F6rld\u2014it\u2019s \uFB01ne";
        ProtectedText norm = ProtectedText.of(text);
        assertThat(norm.toString()).isEqualTo("hello world its fine");
        for (int i = 0; i < norm.length(); i++) {
            int from = norm.originalBegin(i);
            int to = norm.originalEnd(i);
            assertThat(from).isLessThan(to);
            assertThat(to).isLessThanOrEqualTo(text.length());
            if (norm.chars()[i] != ' ') {
                String original = text.substring(from, to);
                assertThat(ProtectedText.of(original).toString()).as("char %d", i).contains(String.valueOf(norm.chars()[i]));
            }
        }
        int w = norm.toString().indexOf("world");
        assertThat(text.substring(norm.originalBegin(w), norm.originalEnd(w + 4))).isEqualTo("W\u00F6rld");
        assertThat(norm.firstAtOrAfter(text.indexOf('W'))).isEqualTo(w);
        assertThat(ProtectedText.withoutOffsets(text).toString()).isEqualTo(norm.toString());
    }

    @Test
    void emptyAndPunctuationOnlyTextsAreEmpty() {
        assertThat(ProtectedText.of("").length()).isZero();
        assertThat(ProtectedText.of(" ... !!! \u2014 ").length()).isZero();
    }
}
