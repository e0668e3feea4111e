package io.moderationstream.scoring.protected_material;

import io.moderationstream.scoring.protected_material.index.ProtectedIndexBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Building, persisting, reopening and extending the index; its size; what it refuses. */
class ProtectedIndexTest {
    static final String FOX = "The quick brown fox jumps over the lazy dog while the farmer sleeps under the old oak tree "
            + "and dreams of a harvest that never seems to come, year after year, in the valley below the hills.";
    static final String SEA = "Far out at sea the lighthouse keeper counted the ships that passed in the night, writing each "
            + "name into a worn leather book that his grandfather had started half a century before him.";

    private static ProtectedMatcher.Result check(ProtectedIndex index, String text) {
        return new ProtectedMatcher(index, 100_000).check(text);
    }

    @Test
    void plainTextAndJsonLinesDocumentsAreFoundAfterReopening(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("fox-story.txt"), "Title: The Fox\n\n*** START OF THE PROJECT GUTENBERG EBOOK ***\n" + FOX
                + "\n*** END OF THE PROJECT GUTENBERG EBOOK ***\nlicence text that every ebook shares");
        Files.writeString(dir.resolve("more.jsonl"), "{\"id\": \"sea\", \"title\": \"The Keeper\", \"text\": \"" + SEA + "\"}\n");
        Path out = dir.resolve("index");
        ProtectedIndexBuilder.Stats stats = ProtectedIndexBuilder.build(List.of(dir.resolve("fox-story.txt"), dir.resolve("more.jsonl")),
                out, ProtectedIndex.Params.DEFAULT);
        assertThat(stats.documents()).isEqualTo(2);
        assertThat(stats.segments()).isEqualTo(1);

        ProtectedIndex index = ProtectedIndex.open(out);
        assertThat(index.documents()).extracting(ProtectedIndex.Document::id).containsExactly("fox-story", "sea");
        assertThat(index.document(0).title()).isEqualTo("The Fox");
        assertThat(index.document(1).title()).isEqualTo("The Keeper");
        ProtectedMatcher.Result fox = check(index, "As requested: " + FOX.substring(0, 120));
        assertThat(fox.matches()).singleElement().satisfies(m -> assertThat(index.document(m.document()).id()).isEqualTo("fox-story"));
        assertThat(check(index, "Here is the text: " + SEA).matches()).singleElement()
                .satisfies(m -> assertThat(index.document(m.document()).id()).isEqualTo("sea"));
        // The Gutenberg licence footer was cut off before indexing.
        assertThat(check(index, "licence text that every ebook shares, licence text that every ebook shares").detected()).isFalse();
    }

    @Test
    void documentsAddedLaterGoIntoANewSegmentAndTheOldOnesStay(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("fox.txt"), FOX);
        Files.writeString(dir.resolve("sea.txt"), SEA);
        Path out = dir.resolve("index");
        ProtectedIndexBuilder.build(List.of(dir.resolve("fox.txt")), out, ProtectedIndex.Params.DEFAULT);
        assertThat(check(ProtectedIndex.open(out), SEA).detected()).isFalse();

        ProtectedIndexBuilder.Stats added = ProtectedIndexBuilder.build(List.of(dir.resolve("sea.txt")), out, ProtectedIndex.Params.DEFAULT);
        assertThat(added.segments()).isEqualTo(2);
        ProtectedIndex both = ProtectedIndex.open(out);
        assertThat(both.documents()).extracting(ProtectedIndex.Document::id).containsExactly("fox", "sea");
        assertThat(both.document(check(both, SEA).matches().get(0).document()).id()).isEqualTo("sea");
        assertThat(both.document(check(both, FOX).matches().get(0).document()).id()).isEqualTo("fox");

        assertThatThrownBy(() -> ProtectedIndexBuilder.build(List.of(dir.resolve("sea.txt")), out, ProtectedIndex.Params.DEFAULT))
                .isInstanceOf(IOException.class).hasMessageContaining("'sea' is already in");
    }

    @Test
    void badInputIsOneClearError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("docs.jsonl"), "{\"id\": \"a\", \"text\": \"fine\"}\n{\"id\": \"b\"}\n");
        assertThatThrownBy(() -> ProtectedIndexBuilder.build(List.of(dir.resolve("docs.jsonl")), dir.resolve("i"), ProtectedIndex.Params.DEFAULT))
                .hasMessageContaining("docs.jsonl:2").hasMessageContaining("\"id\" and \"text\"");
        Files.writeString(dir.resolve("broken.jsonl"), "{\"id\": \"a\", \"te\n");
        assertThatThrownBy(() -> ProtectedIndexBuilder.build(List.of(dir.resolve("broken.jsonl")), dir.resolve("i"), ProtectedIndex.Params.DEFAULT))
                .hasMessageContaining("broken.jsonl:1: not JSON");
        Files.writeString(dir.resolve("a.txt"), FOX);
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/a.md"), SEA);
        assertThatThrownBy(() -> ProtectedIndexBuilder.build(List.of(dir.resolve("a.txt"), dir.resolve("sub")), dir.resolve("i"), ProtectedIndex.Params.DEFAULT))
                .hasMessageContaining("document id 'a' appears twice");
        assertThatThrownBy(() -> ProtectedIndex.open(dir.resolve("nowhere"))).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a protected-material index").hasMessageContaining("protected index --input");
    }

    @Test
    void theSharedCorpusIndexIsUnderATenthOfItsSizeAndMarksRepeatedPhrases() throws Exception {
        Path index = SharedCorpusIndex.get();
        Assumptions.assumeTrue(index != null, "../shared/data not present");
        ProtectedIndex opened = ProtectedIndex.open(index);
        assertThat(opened.documentCount()).isEqualTo(6);
        assertThat((double) opened.bytes() / opened.corpusBytes()).isLessThanOrEqualTo(0.10);
        String manifest = Files.readString(index.resolve(ProtectedIndex.MANIFEST));
        assertThat(manifest).contains("\"common_keys\"").contains("\"tile_chars\" : 18");
        // "the old man" phrases recur all over the corpus: such tiles answer COMMON, not a document.
        int common = 0;
        ProtectedText text = ProtectedText.of("and the old man said that he did not know what to do with himself and the rest of them");
        IndexKeys keys = new IndexKeys(text.chars(), text.length());
        int tile = opened.params().tileChars();
        for (int p = 0; p + tile <= text.length(); p++) {
            common += opened.lookup(keys.tile(p, tile)) == ProtectedIndex.COMMON ? 1 : 0;
        }
        assertThat(common).isPositive();
    }
}
