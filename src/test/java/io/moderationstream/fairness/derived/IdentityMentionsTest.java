package io.moderationstream.fairness.derived;

import io.moderationstream.config.JobConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentityMentionsTest {
    private final IdentityMentions mentions = new IdentityMentions(IdentityLexicon.shipped());

    private List<String> terms(String text) {
        return List.copyOf(mentions.find(text).terms());
    }

    @Test
    void pluralsCaseAndSpellingVariantsCountAsTheTerm() {
        assertThat(terms("Muslims pray; a MUSLIM prays; the muslim's prayer.")).containsExactly("muslim");
        assertThat(terms("Jews and a Jew")).containsExactly("jew");
        assertThat(terms("Two women and three men")).containsExactly("man", "woman");
        assertThat(terms("non-binary, non binary, nonbinary and Non-Binary people")).containsExactly("nonbinary");
        assertThat(terms("Middle-aged, middle aged and middle_aged readers")).containsExactly("middle aged");
        assertThat(terms("millenials and millennials")).containsExactly("millennial");
        assertThat(terms("paralysed or paralyzed")).containsExactly("paralyzed");
    }

    @Test
    void wholeWordsOnly() {
        assertThat(terms("Blackpool, whitespace, gaiety, transgenderism, asiatic, oldest, Manchester, human, Islamabad")).isEmpty();
        assertThat(terms("an older, elderly man")).containsExactly("elderly", "man", "older");
    }

    @Test
    void theLongestTermWinsWhereTermsOverlap() {
        assertThat(terms("African Americans voted")).containsExactly("african american");
        assertThat(terms("An Asian-American author and an American author")).containsExactly("american", "asian american");
        assertThat(terms("the LGBTQ and the LGBT community")).containsExactly("lgbt", "lgbtq");
    }

    @Test
    void aTextCountsInEveryGroupItMentionsAndCategoriesGroupSynonyms() {
        IdentityMentions.Mentions found = mentions.find(
                "Islam and Judaism are discussed: Muslim, Jewish and Christian students, some of them deaf, most of them young.");
        assertThat(found.terms()).containsExactly("christian", "deaf", "islam", "jewish", "judaism", "muslim", "young");
        assertThat(found.categories()).containsExactly("age", "disability", "religion");
    }

    @Test
    void anExtensionAddsAndRecategorisesTermsAndATenantsOwnAppliesToItAlone(@TempDir Path dir) throws Exception {
        Path extra = Files.writeString(dir.resolve("extra.tsv"), "# ours\nroma\trace_ethnicity\tromani\nold\tage_old\n");
        Path tenant = Files.writeString(dir.resolve("kids.tsv"), "neurodivergent\tdisability\n");
        JobConfig.DerivedDimensionsConfig config = new JobConfig.DerivedDimensionsConfig();
        config.language = false;
        config.extraLexicon = extra.toString();
        config.tenantLexicons = Map.of("kids", tenant.toString());
        DimensionDeriver deriver = new DimensionDeriver(config).open();

        String text = "Romani and old neurodivergent people";
        assertThat(deriver.derive("other", text)).isEqualTo(Map.of(
                "mentioned_identity", List.of("old", "roma"), "mentioned_identity_category", List.of("age_old", "race_ethnicity")));
        assertThat(deriver.derive("kids", text).get("mentioned_identity")).containsExactly("neurodivergent", "old", "roma");
    }

    @Test
    void aMalformedLexiconLineIsNamedByFileAndLine(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.tsv"), "roma\trace_ethnicity\nsikh religion\n");
        assertThatThrownBy(() -> IdentityLexicon.shipped().with(bad))
                .hasMessageStartingWith(bad + ":2: expected <term> TAB <category>");
        Path badCategory = Files.writeString(dir.resolve("cat.tsv"), "roma\tRace Ethnicity\n");
        assertThatThrownBy(() -> IdentityLexicon.shipped().with(badCategory)).hasMessageContaining(":1: category \"Race Ethnicity\"");
    }

    /**
     * Identity templates in the style of Jigsaw's bias madlibs (written here, one term per sentence, no other identity
     * word): every term of the lexicon is found in at least 95 % of its sentences, and at most 5 % of all counts go to
     * a term the sentence does not contain.
     */
    @Test
    void identityTemplatesCountUnderTheirTermAndAlmostNothingElse() {
        List<String> templates = List.of(
                "%s people are just like everyone else.", "I am a %s person, ask me anything.", "Being %s is nothing to be ashamed of.",
                "My neighbour is %s and very kind.", "We hired a %s engineer last week.", "Is it true that %s people like music?",
                "The %s community organised a bake sale.", "She wrote an essay about being %s.", "Everyone should respect %s people.",
                "A %s writer won the prize this year.");
        Map<String, int[]> perTerm = new HashMap<>();
        int counts = 0;
        int wrong = 0;
        List<String> missed = new ArrayList<>();
        for (IdentityLexicon.Term term : IdentityLexicon.shipped().terms()) {
            for (String template : templates) {
                List<String> found = terms(String.format(template, term.term()));
                int[] c = perTerm.computeIfAbsent(term.term(), t -> new int[2]);
                c[0]++;
                if (found.contains(term.term())) {
                    c[1]++;
                } else {
                    missed.add(term.term() + ": " + template);
                }
                counts += found.size();
                wrong += (int) found.stream().filter(t -> !t.equals(term.term())).count();
            }
        }
        assertThat(perTerm).allSatisfy((term, c) -> assertThat(c[1]).as(term + " " + missed).isGreaterThanOrEqualTo((int) Math.ceil(0.95 * c[0])));
        assertThat((double) wrong / counts).isLessThanOrEqualTo(0.05);
    }
}
