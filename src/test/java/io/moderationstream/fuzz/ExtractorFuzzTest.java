package io.moderationstream.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.moderationstream.scoring.citations.Reference;
import io.moderationstream.scoring.citations.ReferenceExtractor;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference extractor (DOIs, arXiv ids, author-year, reference lists) and its BibTeX/LaTeX parser on arbitrary
 * text: no exception, every reference's span inside the text, no overlapping spans. Seeds and findings:
 * {@code src/test/resources/io/moderationstream/fuzz/ExtractorFuzzTestInputs/<target>/}.
 */
class ExtractorFuzzTest {
    private static final ReferenceExtractor EXTRACTOR = new ReferenceExtractor();

    @FuzzTest(maxDuration = "30s")
    void extractReferences(FuzzedDataProvider data) {
        check(data.consumeRemainingAsString());
    }

    /** BibTeX-shaped input, so the fuzzer spends its time inside the BibTeX and LaTeX parsers. */
    @FuzzTest(maxDuration = "30s")
    void parseBibtex(FuzzedDataProvider data) {
        String type = data.pickValue(new String[] {"article", "inproceedings", "misc", "book"});
        check("See @" + type + "{" + data.consumeRemainingAsString() + "}\n");
    }

    private static void check(String text) {
        List<Reference> refs = EXTRACTOR.extract(text);
        int lastEnd = -1;
        for (Reference r : refs.stream().sorted(java.util.Comparator.comparingInt(r -> r.begin)).toList()) {
            assertThat(r.begin).isBetween(0, text.length());
            assertThat(r.end).isBetween(r.begin, text.length());
            assertThat(r.begin).isGreaterThanOrEqualTo(lastEnd);
            lastEnd = r.end;
        }
    }
}
