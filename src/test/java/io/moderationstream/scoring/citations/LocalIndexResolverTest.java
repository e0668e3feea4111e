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
                        "year", "2021", "venue", "icml"),
                Map.of("title", "A Mathematical Theory of Communication Networks for Distributed Learning",
                        "authors", List.of("Wei Chen", "Li Zhang"), "year", "2021", "venue", "icml"),
                Map.of("title", "Remix of Weights", "authors", List.of("Lawrence Lessig"), "year", "2021", "venue", "icml"),
                Map.of("title", "Scaling Laws for Sparse Mixtures", "authors",
                        List.of("Ana Ruiz", "Ben Okafor", "Chen Wu", "Dana Levi", "Eli Park", "Farah Aziz"), "year", "2022", "venue", "neurips"));
        Path input = dir.resolve("papers.jsonl");
        StringBuilder lines = new StringBuilder();
        for (Map<String, Object> p : papers) {
            lines.append(json.writeValueAsString(p)).append('\n');
        }
        // Proceedings the database holds (coverage needs 20 papers of a venue's year, or of a DOI volume): filler
        // papers of ICML 2021, NeurIPS 2022, ICLR 2022 and 2023, and AAAI 2022's issue 5 with DOIs.
        int fillers = 0;
        for (String[] venueYear : new String[][] {{"icml", "2021"}, {"neurips", "2022"}, {"iclr", "2022"}, {"iclr", "2023"}, {"aaai", "2022"}}) {
            for (int i = 0; i < LocalCitationIndex.MIN_PAPERS_FOR_COVERAGE; i++) {
                Map<String, Object> filler = new java.util.HashMap<>(Map.of("title", "Filler study number " + i + " of " + venueYear[0] + " " + venueYear[1],
                        "authors", List.of("Ann Filler"), "year", venueYear[1], "venue", venueYear[0]));
                if (venueYear[0].equals("aaai")) {
                    filler.put("doi", "10.1609/aaai.v36i5." + (20000 + i));
                }
                lines.append(json.writeValueAsString(filler)).append('\n');
                fillers++;
            }
        }
        Files.writeString(input, lines);
        CitationIndexBuilder.BuildStats stats = CitationIndexBuilder.build(List.of(input), dir.resolve("index"));
        assertThat(stats.indexed()).as("a workshop and a main-track version of one paper are both kept").isEqualTo(papers.size() + fillers);
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
        if (year > 0) {
            fields.put("year", Integer.toString(year));
        }
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

    // One test per precision rule (#26), each with a real reference that must pass and a fabricated one that must not.

    @Test
    void aPaperCitedWithItsPreprintYearIsNotAMismatch() {
        Resolution arxivYear = resolve("SDEdit: Guided Image Synthesis and Editing with Stochastic Differential Equations",
                "Chenlin Meng and Yutong He and Yang Song", 2021, "ICLR", null);
        assertThat(arxivYear.status()).as("ICLR 2022 paper cited at ICLR with its arXiv year: " + arxivYear.explanation())
                .isEqualTo(CitationStatus.VERIFIED);
        Resolution twoBefore = resolve("SDEdit: Guided Image Synthesis and Editing with Stochastic Differential Equations",
                "Chenlin Meng and Yutong He and Yang Song", 2020, null, null);
        assertThat(twoBefore.status()).as("a preprint may precede publication by two years").isEqualTo(CitationStatus.VERIFIED);
        Resolution invented = resolve("SDEdit: Guided Image Synthesis and Editing with Stochastic Differential Equations",
                "Chenlin Meng and Yutong He and Yang Song", 2018, null, null);
        assertThat(invented.status()).isEqualTo(CitationStatus.MISMATCH);
        assertThat(invented.mismatchedFields()).containsExactly("year");
    }

    @Test
    void aPreprintsAuthorListIsNotAMismatchButALeftOutMajorityIs() {
        Resolution preprint = resolve("Scaling Laws for Sparse Mixtures",
                "Ana Ruiz and Ben Okafor and Chen Wu and Dana Levi and Eli Park", 2022, "NeurIPS", null);
        assertThat(preprint.status()).as("one author fewer: " + preprint.explanation()).isEqualTo(CitationStatus.VERIFIED);
        Resolution gutted = resolve("Scaling Laws for Sparse Mixtures", "Ana Ruiz and Ben Okafor", 2022, "NeurIPS", null);
        assertThat(gutted.status()).isEqualTo(CitationStatus.MISMATCH);
        assertThat(gutted.mismatchedFields()).containsExactly("authors");
    }

    @Test
    void venueAliasesAreOneVenue() {
        for (String venue : List.of("NeurIPS", "NIPS", "Advances in Neural Information Processing Systems 35")) {
            Resolution r = resolve("Scaling Laws for Sparse Mixtures",
                    "Ana Ruiz and Ben Okafor and Chen Wu and Dana Levi and Eli Park and Farah Aziz", 2022, venue, null);
            assertThat(r.status()).as(venue).isEqualTo(CitationStatus.VERIFIED);
        }
    }

    @Test
    void outsideCoverageTheNearMissAndColonRulesSayUnverifiable() {
        // Shannon's paper is a journal article the database does not hold; a similar ICML title is no evidence.
        Resolution shannon = resolver.resolve(new ReferenceExtractor().extract(
                "[1] Claude E. Shannon, \"A Mathematical Theory of Communication,\" 1948.").get(0));
        assertThat(shannon.status()).as(shannon.explanation()).isEqualTo(CitationStatus.UNVERIFIABLE);
        Resolution colonOutside = resolve("FreeMatch: A Simple Framework for Long-tailed Semi-supervised Learning",
                "Junyan Zhu and Chenyang Li", 2023, "Journal of Imaging", null);
        assertThat(colonOutside.status()).isEqualTo(CitationStatus.UNVERIFIABLE);
        Resolution colonInside = resolve("FreeMatch: A Simple Framework for Long-tailed Semi-supervised Learning",
                "Junyan Zhu and Chenyang Li", 2023, "ICLR", null);
        assertThat(colonInside.status()).as("ICLR 2023 is held: the invented subtitle is evidence").isEqualTo(CitationStatus.MISMATCH);
        Resolution nearInside = resolve("A Mathematical Theory of Communication Networks for Distributed Training",
                "Wei Chen and Li Zhang", 2021, "ICML", null);
        assertThat(nearInside.status()).isEqualTo(CitationStatus.MISMATCH);
        assertThat(nearInside.mismatchedFields()).contains("title");
    }

    @Test
    void absenceIsEvidenceOnlyWhereTheDatabaseHoldsTheVenuesYear() {
        Resolution covered = resolve("Contrastive Dreams of Unseen Robots", "Ann Bee", 2023, "ICLR", null);
        assertThat(covered.status()).isEqualTo(CitationStatus.NOT_FOUND);
        assertThat(covered.explanation()).contains("ICLR 2023");
        Resolution sampleOnly = resolve("Contrastive Dreams of Unseen Robots", "Ann Bee", 2021, "ICLR", null);
        assertThat(sampleOnly.status()).as("two ICLR 2021 papers are a sample, not the proceedings").isEqualTo(CitationStatus.UNVERIFIABLE);
        Resolution noYear = resolve("Contrastive Dreams of Unseen Robots", "Ann Bee", 0, "ICLR", null);
        assertThat(noYear.status()).isEqualTo(CitationStatus.UNVERIFIABLE);
    }

    @Test
    void aDoiOfAVolumeTheDatabaseDoesNotHoldIsUnverifiableOfOneItHoldsNotFound() {
        Resolution specialTrack = resolve("Delivering Trustworthy AI through Formal XAI", "Joao Marques-Silva", 2022, "AAAI",
                "10.1609/AAAI.V36I11.21499");
        assertThat(specialTrack.status()).as(specialTrack.explanation()).isEqualTo(CitationStatus.UNVERIFIABLE);
        Resolution heldVolume = resolve("Delivering Trustworthy AI through Formal XAI", "Joao Marques-Silva", 2022, "AAAI",
                "10.1609/AAAI.V36I5.29999");
        assertThat(heldVolume.status()).isEqualTo(CitationStatus.NOT_FOUND);
        Resolution preprint = resolve("Contrastive Dreams of Unseen Robots", "Ann Bee", 2023, "ICLR", "10.48550/arXiv.2301.01234");
        assertThat(preprint.status()).as("an arXiv preprint may exist outside the venue").isEqualTo(CitationStatus.UNVERIFIABLE);
    }

    @Test
    void anArxivIdentifierThatCannotBeIsEvidence() {
        assertThat(resolve("Contrastive Dreams of Unseen Robots", "Ann Bee", 2023, null, "10.48550/arXiv.2310.XXXX").status())
                .isEqualTo(CitationStatus.NOT_FOUND);
        Resolution later = resolve("Contrastive Dreams of Unseen Robots", "Ann Bee", 2021, null, "10.48550/arXiv.2405.01234");
        assertThat(later.status()).isEqualTo(CitationStatus.MISMATCH);
        assertThat(later.explanation()).contains("2024-05");
        assertThat(ArxivIds.submitted("2207.12598")).isEqualTo(java.time.YearMonth.of(2022, 7));
        assertThat(ArxivIds.submitted("1412.6980v9")).isEqualTo(java.time.YearMonth.of(2014, 12));
        assertThat(ArxivIds.submitted("1312.12345")).as("five digits only from 2015").isNull();
        assertThat(ArxivIds.submitted("hep-th/9901001")).isNotNull();
    }

    @Test
    void aTitledReferenceIsNeverVerifiedOnAuthorAndYearAlone() {
        Resolution remix = resolve("Remix", "Lawrence Lessig", 2021, null, null);
        assertThat(remix.status()).as(remix.explanation()).isEqualTo(CitationStatus.UNVERIFIABLE);
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
