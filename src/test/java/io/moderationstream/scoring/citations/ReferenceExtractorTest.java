package io.moderationstream.scoring.citations;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReferenceExtractorTest {
    private final ReferenceExtractor extractor = new ReferenceExtractor();

    @Test
    void findsIdentifiersAuthorYearMentionsAndReferenceEntries() {
        String text = """
                Transformers (Vaswani et al., 2017) replaced recurrence; see also Devlin and Chang (2019).
                The dataset is at https://doi.org/10.18653/v1/N19-1423. and the preprint arXiv:1706.03762v5.

                References
                [1] Ashish Vaswani, Noam Shazeer, Niki Parmar. Attention is All you Need. In Advances in Neural Information Processing Systems, 2017.
                2. Devlin, J., Chang, M., Lee, K., & Toutanova, K. (2019). BERT: Pre-training of deep bidirectional transformers for language understanding. In NAACL.
                - K. He, X. Zhang, S. Ren, J. Sun, "Deep Residual Learning for Image Recognition," in CVPR, 2016.
                """;
        List<Reference> refs = extractor.extract(text);
        assertThat(refs).extracting(r -> r.kind).contains(Reference.Kind.AUTHOR_YEAR, Reference.Kind.DOI, Reference.Kind.ARXIV,
                Reference.Kind.REFERENCE_ENTRY);
        assertThat(refs).filteredOn(r -> r.kind == Reference.Kind.DOI).extracting(r -> r.doi).containsExactly("10.18653/v1/n19-1423");
        assertThat(refs).filteredOn(r -> r.kind == Reference.Kind.ARXIV).extracting(r -> r.arxivId).containsExactly("1706.03762");
        List<Reference> entries = refs.stream().filter(r -> r.kind == Reference.Kind.REFERENCE_ENTRY).toList();
        assertThat(entries).extracting(r -> r.title).containsExactly("Attention is All you Need",
                "BERT: Pre-training of deep bidirectional transformers for language understanding",
                "Deep Residual Learning for Image Recognition");
        assertThat(entries.get(0).authors).containsExactly("Ashish Vaswani", "Noam Shazeer", "Niki Parmar");
        assertThat(entries.get(1).year).isEqualTo(2019);
        assertThat(entries).extracting(r -> Names.surname(r.authors.get(0))).containsExactly("vaswani", "devlin", "he");
        Reference mention = refs.stream().filter(r -> r.kind == Reference.Kind.AUTHOR_YEAR).findFirst().orElseThrow();
        assertThat(mention.authors).containsExactly("Vaswani");
        assertThat(mention.authorsTruncated).isTrue();
    }

    @Test
    void parsesBibtexEntries() {
        String text = "Cite this:\n@inproceedings{vaswani2017,\n  title={Attention is {All} you Need},\n  author={Vaswani, Ashish and Shazeer, Noam and others},\n"
                + "  booktitle={NeurIPS},\n  year={2017}\n}\nthanks";
        List<Reference> refs = extractor.extract(text);
        assertThat(refs).hasSize(1);
        Reference r = refs.get(0);
        assertThat(r.kind).isEqualTo(Reference.Kind.BIBTEX);
        assertThat(r.title).isEqualTo("Attention is All you Need");
        assertThat(r.authors).containsExactly("Vaswani, Ashish", "Shazeer, Noam");
        assertThat(r.authorsTruncated).isTrue();
        assertThat(r.venue).isEqualTo("NeurIPS");
    }

    @Test
    void ordinaryProseHasNoReferences() {
        assertThat(extractor.extract("In 2019 we moved to Berlin. Since 2020 the team has grown. See you in March 2021!")).isEmpty();
    }

    @Test
    @Timeout(20)
    void hostileInputStaysLinear() {
        // Regex-backtracking bait: long runs that almost match every pattern, megabytes of it.
        String[] bait = {
            "A".repeat(1_000_000),
            "Aa et al et al et al ".repeat(50_000),
            "10.1234/" + "x".repeat(500_000),
            "@inproceedings{" + "{".repeat(200_000),
            "[1] " + "A. B. ".repeat(200_000) + "2019",
            "arxiv:" + "1".repeat(400_000),
            ("Smith, J. (2019). " + "Title words here. ").repeat(30_000),
        };
        for (String text : bait) {
            extractor.extract(text);
        }
        String manyRefs = "[1] Ada Lovelace. A Fabricated Paper Title Number One. In Proceedings of ACL, 2020.\n".repeat(5_000);
        assertThat(extractor.extract(manyRefs)).hasSizeLessThanOrEqualTo(500);
    }

    /** Chat answers list sources without years; each is extracted and checked like any other (#26). */
    @Test
    void referencesWithoutAYearAreExtractedBulletedProseIsNot() {
        String answer = String.join("\n",
                "Sources:",
                "[1] Claude E. Shannon, \"A Mathematical Theory of Communication.\"",
                "2. Christopher D. Manning and Hinrich Schütze. Foundations of Statistical Natural Language Processing.",
                "- Lawrence Lessig, \"Remix: Making Art and Commerce Thrive in the Hybrid Economy\"",
                "- Ashish Vaswani, Noam Shazeer, Niki Parmar. Attention Is All You Need. NeurIPS.",
                "- Remember to drink water. It keeps you healthy and alert.",
                "* Paris is lovely. Visit the museums early in the morning.");
        List<Reference> refs = new ReferenceExtractor().extract(answer);
        assertThat(refs).extracting(r -> r.title).containsExactly(
                "A Mathematical Theory of Communication",
                "Foundations of Statistical Natural Language Processing",
                "Remix: Making Art and Commerce Thrive in the Hybrid Economy",
                "Attention Is All You Need");
        assertThat(refs).allSatisfy(r -> assertThat(r.year).isNull());
        assertThat(refs.get(0).authors).containsExactly("Claude E. Shannon");
        assertThat(refs.get(1).authors).containsExactly("Christopher D. Manning", "Hinrich Schütze");
        assertThat(refs.get(3).venue).isEqualTo("NeurIPS");
    }
}
