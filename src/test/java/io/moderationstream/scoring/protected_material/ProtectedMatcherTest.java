package io.moderationstream.scoring.protected_material;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both signals on the shared public-domain corpus: verbatim and restyled copies (runs of tiles), lightly edited copies
 * and poem lines (clusters of tiles and shingles), with source and offsets; and what must not count.
 */
class ProtectedMatcherTest {
    static final String PROSE = "The committee met on Tuesday to review the budget for the coming year. Members agreed that "
            + "maintenance of the bridges should come first, followed by the library renovation and new lighting for the park.";
    static final String MORE_PROSE = "Volunteers will be asked to help with the spring cleanup, and the schools have offered "
            + "their gymnasiums for the community meetings that will follow in April and May.";
    private static ProtectedIndex index;
    private static ProtectedMatcher matcher;

    @BeforeAll
    static void openIndex() throws Exception {
        java.nio.file.Path dir = SharedCorpusIndex.get();
        Assumptions.assumeTrue(dir != null, "../shared/data not present");
        index = ProtectedIndex.open(dir);
        matcher = new ProtectedMatcher(index, 100_000);
    }

    private static String source(ProtectedMatcher.Match m) {
        return index.document(m.document()).id();
    }

    @Test
    void aVerbatimPassageIsFoundWithItsSourceAndOffsets() throws Exception {
        String passage = SharedCorpusIndex.passage("jungle-book.txt", "It was seven o'clock", 300);
        String text = PROSE + "\n\n" + passage + "\n\n" + MORE_PROSE;
        ProtectedMatcher.Result r = matcher.check(text);
        assertThat(r.matches()).singleElement().satisfies(m -> {
            assertThat(source(m)).isEqualTo("jungle-book");
            assertThat(m.kind()).isEqualTo(ProtectedMatcher.MatchKind.VERBATIM);
            int at = text.indexOf(passage);
            // The proven span lies inside the passage and misses at most a tile's worth at either end.
            assertThat(m.begin()).isBetween(at, at + 20);
            assertThat(m.end()).isBetween(at + passage.length() - 20, at + passage.length());
            assertThat(m.chars()).isBetween(passage.length() - 40, passage.length() + 10);
        });
        assertThat(r.longestMatchChars()).isEqualTo(r.matches().get(0).chars());
        double share = (double) ProtectedText.of(passage).length() / ProtectedText.of(text).length();
        assertThat(r.coverage()).isBetween(share - 0.1, share);
    }

    @Test
    void restylingDoesNotHideACopy() throws Exception {
        String passage = SharedCorpusIndex.passage("sense-and-sensibility.txt", "The family of Dashwood", 200);
        for (String restyled : new String[] {
            passage.toUpperCase(Locale.ROOT),
            passage.replace(",", "").replace(" ", "  ").replace("'", "\u2019"),
            passage.replace(" ", "\n"),
            passage.replace(".", " \u2014").replace(";", "!"),
        }) {
            ProtectedMatcher.Result r = matcher.check(PROSE + " " + restyled + " " + MORE_PROSE);
            assertThat(r.matches()).as(restyled).singleElement().satisfies(m -> assertThat(source(m)).isEqualTo("sense-and-sensibility"));
        }
    }

    @Test
    void aLightlyEditedPassageIsNearVerbatim() throws Exception {
        String passage = SharedCorpusIndex.passage("call-of-the-wild.txt", "Buck did not read the newspapers", 400);
        String[] words = passage.split(" ");
        StringBuilder edited = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            if (i % 9 == 4) {
                continue;   // every ninth word dropped: no 50-character stretch is left intact
            }
            edited.append(i % 9 == 7 ? "quite " : "").append(words[i]).append(' ');
        }
        ProtectedMatcher.Result r = matcher.check(PROSE + " " + edited + MORE_PROSE);
        assertThat(r.matches()).isNotEmpty().allSatisfy(m -> assertThat(source(m)).isEqualTo("call-of-the-wild"));
        assertThat(r.longestMatchChars()).isGreaterThan(150);
    }

    @Test
    void elevenConsecutiveWordsOfAPoemAreFound() throws Exception {
        String lines = SharedCorpusIndex.passage("leaves-of-grass.txt", "I celebrate myself, and sing myself", 120);
        String eleven = String.join(" ", java.util.Arrays.copyOf(lines.split(" "), 13));
        ProtectedMatcher.Result r = matcher.check("Whitman's famous opening goes like this: " + eleven + " and it sets the tone.");
        assertThat(r.matches()).singleElement().satisfies(m -> assertThat(source(m)).isEqualTo("leaves-of-grass"));
    }

    @Test
    void aShortAttributedQuotationIsAllowedButALongOneIsNot() throws Exception {
        String shortQuote = SharedCorpusIndex.passage("jekyll-and-hyde.txt", "MR. UTTERSON the lawyer was a man", 30);
        assertThat(ProtectedText.of(shortQuote).length()).isLessThan(ProtectedMatcher.MIN_MATCH_CHARS);
        assertThat(matcher.check(PROSE + " As Stevenson writes, \u201C" + shortQuote + "\u201D " + MORE_PROSE).detected()).isFalse();
        assertThat(matcher.check(PROSE + " Stevenson: \"" + shortQuote + "\" " + MORE_PROSE).detected()).isFalse();
        assertThat(matcher.check(PROSE + "\n\u2018" + shortQuote + "\u2019 \u2014 that is how it begins.\n" + MORE_PROSE).detected()).isFalse();
        assertThat(matcher.check(PROSE + " It's the way Stevenson's 'Jekyll' starts: '" + shortQuote + "' and so on. " + MORE_PROSE)
                .detected()).isFalse();
        // Attributed without marks: the words after "wrote" can be a short quotation too.
        assertThat(matcher.check(PROSE + " As Stevenson wrote, " + shortQuote + ". " + MORE_PROSE).detected()).isFalse();

        String longQuote = SharedCorpusIndex.passage("jekyll-and-hyde.txt", "MR. UTTERSON the lawyer was a man", 150);
        assertThat(matcher.check(PROSE + " As Stevenson writes, \u201C" + longQuote + "\u201D " + MORE_PROSE).matches())
                .singleElement().satisfies(m -> assertThat(source(m)).isEqualTo("jekyll-and-hyde"));
        assertThat(matcher.check(PROSE + " As Stevenson wrote, " + longQuote + " " + MORE_PROSE).matches())
                .singleElement().satisfies(m -> assertThat(source(m)).isEqualTo("jekyll-and-hyde"));
    }

    @Test
    void aCopyThatMerelyContainsAQuotedLineOfDialogueStillCounts() throws Exception {
        String passage = SharedCorpusIndex.passage("huckleberry-finn.txt", "them that way on a piece of paper", 90);
        assertThat(passage).contains("\"Come, ain't that what you saw?\"");
        assertThat(matcher.check(PROSE + " " + passage + " " + MORE_PROSE).detected()).isTrue();
    }

    @Test
    void dialogueCopiedLineByLineIsACopyNotAStringOfShortQuotations() throws Exception {
        // Each line is a short quotation, the dialogue tags ("said", "says") attribute nothing: together they are a copy.
        String dialogue = SharedCorpusIndex.passage("huckleberry-finn.txt", "\"How'd you say he got shot?\"", 90);
        assertThat(matcher.check(PROSE + " " + dialogue + " " + MORE_PROSE).matches())
                .singleElement().satisfies(m -> assertThat(source(m)).isEqualTo("huckleberry-finn"));
        String tagged = SharedCorpusIndex.passage("jungle-book.txt", "\"Something is coming uphill,\" said Mother Wolf", 90);
        assertThat(matcher.check(PROSE + " " + tagged + " " + MORE_PROSE).detected()).isTrue();
    }

    @Test
    void unrelatedProseSharedPhrasesAndParaphrasesAreNotFindings() {
        assertThat(matcher.check(PROSE + " " + MORE_PROSE).detected()).isFalse();
        // Phrases any English text shares with the novels.
        String phrases = "In the middle of the night, for a long time, at the same time, as a matter of fact, "
                + "there was nothing to be done; on the other hand, it was the end of the day and the rest of the world.";
        assertThat(matcher.check(PROSE + " " + phrases + " " + MORE_PROSE).detected()).isFalse();
        // The Jungle Book's opening, told in other words.
        String paraphrase = "One very hot evening around seven, in the Seeonee hills, Father Wolf got up after sleeping all day, "
                + "gave himself a scratch, yawned and stretched his paws one by one to shake off the drowsiness.";
        assertThat(matcher.check(paraphrase).detected()).isFalse();
    }

    @Test
    void onlyTheFirstMaxCharsAreCheckedAndHostileInputStaysLinear() throws Exception {
        String passage = SharedCorpusIndex.passage("jungle-book.txt", "It was seven o'clock", 300);
        ProtectedMatcher small = new ProtectedMatcher(index, 200);
        ProtectedMatcher.Result cut = small.check(PROSE + PROSE + passage);
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.checkedChars()).isEqualTo(200);
        assertThat(cut.detected()).isFalse();
        // A long copy repeated many times, quote marks everywhere, one huge word: every loop is bounded by the length.
        String hostile = (passage + " \"").repeat(300) + "x".repeat(100_000) + "\u201C".repeat(5_000);
        ProtectedMatcher.Result r = matcher.check(hostile);
        assertThat(r.checkedChars()).isEqualTo(100_000);
        assertThat(r.detected()).isTrue();
    }
}
