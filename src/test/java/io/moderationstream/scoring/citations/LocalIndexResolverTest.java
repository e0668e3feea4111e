package io.moderationstream.scoring.citations;

import io.moderationstream.scoring.citations.index.CitationIndexBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The local resolver's decisions on a small index: what is verified, what is a mismatch and which fields say so. */
class LocalIndexResolverTest {
    @TempDir
    static Path dir;
    static LocalIndexResolver resolver;

    @BeforeAll
    static void buildIndex() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Map<String, Object>> papers = List.of(
                Map.of("title", "Calibrate Before Use: Improving Few-shot Performance of Language Models",
                        "authors", List.of("Zihao Zhao", "Eric Wallace", "Shi Feng", "Dan Klein", "Sameer Singh"),
                        "year", "2021", "venue", "icml"),
                Map.of("title", "Flamingo: a Visual Language Model for Few-Shot Learning",
                        "authors", List.of("Jean-Baptiste Alayrac", "Jeff Donahue", "Katherine Millican", "Dmitriy Drusvyatskiy"),
                        "year", "2022", "venue", "neurips"),
                Map.of("title", "SDEdit: Guided Image Synthesis and Editing with Stochastic Differential Equations",
                        "authors", List.of("Chenlin Meng", "Yutong He", "Yang Song"), "year", "2022", "venue", "iclr"),
                Map.of("title", "FreeMatch: Self-adaptive Thresholding for Semi-supervised Learning",
                        "authors", List.of("Yidong Wang", "Hao Chen", "Qiang Heng"), "year", "2023", "venue", "iclr"),
                Map.of("title", "Conjugate Energy-Based Models", "authors", List.of("Hao Wu", "Babak Esmaeili"),
                        "year", "2021", "venue", "iclrw | ICLR 2021 Workshops: EBM"),
                Map.of("title", "Conjugate Energy-Based Models", "authors", List.of("Hao Wu", "Babak Esmaeili"),
                        "year", "2021", "venue", "icml"));
        Path input = dir.resolve("papers.jsonl");
        StringBuilder lines = new StringBuilder();
        for (Map<String, Object> p : papers) {
            lines.append(json.writeValueAsString(p)).append('\n');
        }
        Files.writeString(input, lines);
        CitationIndexBuilder.BuildStats stats = CitationIndexBuilder.build(List.of(input), dir.resolve("index"));
        assertThat(stats.indexed()).as("a workshop and a main-track version of one paper are both kept").isEqualTo(papers.size());
        assertThat(LocalCitationIndex.isCurrent(dir.resolve("index"))).isTrue();
        resolver = new LocalIndexResolver(LocalCitationIndex.open(dir.resolve("index")));
    }

    @AfterAll
    static void close() throws Exception {
        resolver.close();
    }

    private static Resolution resolve(String title, String authors, int year, String venue, String doi) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("title", title);
        fields.put("author", authors);
        fields.put("year", Integer.toString(year));
        if (venue != null) {
            fields.put("booktitle", venue);
        }
        if (doi != null) {
            fields.put("doi", doi);
        }
        return resolver.resolve(BibtexReferences.fromFields("inproceedings", fields));
    }

    @Test
    void inventedGivenNamesOfRealSurnamesAreAnAuthorMismatch() {
        Resolution r = resolve("Calibrate Before Use: Improving Few-Shot Performance of Language Models",
                "Zheng Zhao and Eric Wallace and Sheng Feng and Dan Klein and Sameer Singh", 2021, "ICML", null);
        assertThat(r.status()).isEqualTo(CitationStatus.MISMATCH);
        assertThat(r.mismatchedFields()).containsExactly("authors");
    }

    @Test
    void initialsShortFormsAndTransliterationsAreTheSamePerson() {
        Resolution r = resolve("Flamingo: A Visual Language Model for Few-Shot Learning",
                "J.-B. Alayrac and Jeff Donahue and Katie Millican and Dmitry Drusvyatskiy", 2022, "NeurIPS", null);
        assertThat(r.status()).as(r.explanation()).isEqualTo(CitationStatus.VERIFIED);
        assertThat(Names.givenNamesConflict("Lisa Lee", "Kimin Lee")).isTrue();
        assertThat(Names.givenNamesConflict("K. Lee", "Kimin Lee")).isFalse();
        assertThat(Names.givenNamesConflict("Lee, Kimin", "Kimin Lee")).isFalse();
        assertThat(Names.givenNamesConflict("Lee", "Kimin Lee")).isFalse();
    }

    @Test
    void atTheRecordsOwnVenueTheYearMustBeExact() {
        Resolution sameVenue = resolve("SDEdit: Guided Image Synthesis and Editing with Stochastic Differential Equations",
                "Chenlin Meng and Yutong He and Yang Song", 2023, "ICLR", null);
        assertThat(sameVenue.status()).isEqualTo(CitationStatus.MISMATCH);
        assertThat(sameVenue.mismatchedFields()).containsExactly("year");
        Resolution preprint = resolve("SDEdit: Guided Image Synthesis and Editing with Stochastic Differential Equations",
                "Chenlin Meng and Yutong He and Yang Song", 2021, null, null);
        assertThat(preprint.status()).as("the arXiv year may precede publication by one").isEqualTo(CitationStatus.VERIFIED);
    }

    @Test
    void aRealSystemNameWithAnInventedSubtitleIsATitleMismatch() {
        Resolution r = resolve("FreeMatch: A Simple Framework for Long-tailed Semi-supervised Learning",
                "Junyan Zhu and Chenyang Li", 2023, "ICLR", null);
        assertThat(r.status()).isEqualTo(CitationStatus.MISMATCH);
        assertThat(r.mismatchedFields()).contains("title", "authors");
    }

    @Test
    void proceedingsDoisNameTheirVenueAndYear() {
        assertThat(Venues.fromDoi("10.1609/AAAI.V36I10.21371")).isEqualTo(new Venues.DoiVenue("AAAI", 2022));
        assertThat(Venues.fromDoi("10.1109/CVPR52729.2023.01025")).isEqualTo(new Venues.DoiVenue("CVPR", 2023));
        assertThat(Venues.fromDoi("10.18653/v1/2020.acl-main.463")).isEqualTo(new Venues.DoiVenue("ACL", 2020));
        assertThat(Venues.fromDoi("10.18653/v1/N19-1423")).isEqualTo(new Venues.DoiVenue("NAACL", 2019));
        assertThat(Venues.fromDoi("10.1038/s41586-021-03819-2")).isNull();

        Resolution wrongVenue = resolve("Pushing the Limits of Rule Reasoning in Transformers through Natural Language Satisfiability",
                "Kyle Richardson and Ashish Sabharwal", 2022, "Conference on Multimodal Learning and Perception", "10.1609/AAAI.V36I10.21371");
        assertThat(wrongVenue.status()).isEqualTo(CitationStatus.MISMATCH);
        assertThat(wrongVenue.mismatchedFields()).containsExactly("venue");
        Resolution right = resolve("Pushing the Limits of Rule Reasoning in Transformers through Natural Language Satisfiability",
                "Kyle Richardson and Ashish Sabharwal", 2022, "Proceedings of the AAAI Conference on Artificial Intelligence",
                "10.1609/AAAI.V36I10.21371");
        assertThat(right.status()).as("outside the small index, but nothing contradicts it").isEqualTo(CitationStatus.UNVERIFIABLE);
    }

    @Test
    void aPaperAtAWorkshopAndAtTheMainTrackVerifiesAtEither() {
        assertThat(resolve("Conjugate Energy-Based Models", "Hao Wu and Babak Esmaeili", 2021, "ICML", null).status())
                .isEqualTo(CitationStatus.VERIFIED);
        Resolution wrong = resolve("Conjugate Energy-Based Models", "Hao Wu and Babak Esmaeili", 2021, "CVPR", null);
        assertThat(wrong.status()).isEqualTo(CitationStatus.MISMATCH);
        assertThat(wrong.mismatchedFields()).containsExactly("venue");
    }

    @Test
    void recordsRoundTripThroughTheIndexEncoding() {
        PaperRecord full = new PaperRecord("id-1", "A Title", List.of("Ann Lee", "Bo Chen"), 2021, "icml", "10.1/X", "2101.00001");
        assertThat(LocalCitationIndex.decode(LocalCitationIndex.encode(full)))
                .isEqualTo(new PaperRecord("id-1", "A Title", List.of("Ann Lee", "Bo Chen"), 2021, "icml", "10.1/x", "2101.00001"));
        PaperRecord sparse = new PaperRecord(null, "Only a title", List.of(), null, null, null, null);
        assertThat(LocalCitationIndex.decode(LocalCitationIndex.encode(sparse)))
                .isEqualTo(new PaperRecord(null, "Only a title", List.of(), null, null, null, null));
    }

    @Test
    void anIndexOfAnOlderFormatIsRefusedWithTheWayOut() throws Exception {
        Path stale = dir.resolve("stale");
        Files.createDirectories(stale);
        Files.writeString(stale.resolve(LocalCitationIndex.FORMAT_FILE), "2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalCitationIndex.open(stale))
                .hasMessageContaining("older version").hasMessageContaining("citations index");
    }

    @Test
    void htmlEntitiesAndLatexInExportedBibtexAreDecoded() {
        Reference r = BibtexReferences.fromFields("inproceedings", Map.of(
                "title", "Allocation &amp; Regularization for Neural Networks&apos; Priors",
                "author", "Nathanael Sch{\\\"a}rli and Jo{\\~a}o Carreira"));
        assertThat(r.title).isEqualTo("Allocation & Regularization for Neural Networks' Priors");
        assertThat(r.authors).containsExactly("Nathanael Schärli", "João Carreira");
    }
}
