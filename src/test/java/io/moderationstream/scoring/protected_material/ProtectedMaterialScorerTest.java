package io.moderationstream.scoring.protected_material;

import io.moderationstream.avro.Evidence;
import io.moderationstream.avro.ScorerResult;
import io.moderationstream.io.ValidatedEvent;
import io.moderationstream.scoring.MicroBatchScoringOperator;
import io.moderationstream.scoring.PartialScore;
import io.moderationstream.scoring.protected_material.index.ProtectedIndexBuilder;
import io.moderationstream.testing.TestEvents;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The branch's operator with Flink's test harness: two subtasks of one TaskManager share one mapped index and give it
 * back when they close; results carry coverage, the longest copy and evidence with the source.
 */
class ProtectedMaterialScorerTest {

    private static Path index(Path dir) throws Exception {
        Files.writeString(dir.resolve("fox.txt"), "Title: The Fox\n\n" + ProtectedIndexTest.FOX);
        Path out = dir.resolve("index");
        ProtectedIndexBuilder.build(List.of(dir.resolve("fox.txt")), out, ProtectedIndex.Params.DEFAULT);
        return out;
    }

    private static OneInputStreamOperatorTestHarness<ValidatedEvent, PartialScore> subtask(ProtectedMaterialConfig config, int index)
            throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<>(
                new MicroBatchScoringOperator(new ProtectedMaterialPlugin().factory(config), 1, Duration.ofMillis(10)), 4, 2, index);
        harness.open();
        return harness;
    }

    private static StreamRecord<ValidatedEvent> event(String id, String completion) {
        return new StreamRecord<>(new ValidatedEvent(TestEvents.event(id, completion, Map.of(), 0), "events", 0, 0, 0), 0);
    }

    @Test
    void subtasksShareOneIndexAndReleaseItWhenTheyClose(@TempDir Path dir) throws Exception {
        ProtectedMaterialConfig config = new ProtectedMaterialConfig();
        config.indexDir = index(dir).toString();
        var first = subtask(config, 0);
        var second = subtask(config, 1);
        assertThat(SharedIndexes.users(config.indexDir)).isEqualTo(2);
        assertThat(SharedIndexes.acquire(config.indexDir)).isSameAs(SharedIndexes.acquire(config.indexDir));
        SharedIndexes.release(config.indexDir);
        SharedIndexes.release(config.indexDir);

        String copy = "Sure. " + ProtectedIndexTest.FOX.substring(0, 150) + " That is the whole story.";
        first.processElement(event("copy", copy));
        second.processElement(event("own-words", "A fox jumped over a dog; the farmer dozed beneath a tree and hoped for rain."));
        ScorerResult found = first.extractOutputValues().get(0).result;
        assertThat(found.getScores()).containsKeys("coverage", "longest_match_chars", "matches");
        assertThat(found.getScores().get("coverage")).isGreaterThan(0.7);   // the copy is ~83 % of the text
        assertThat(found.getEvidence()).singleElement().satisfies(e -> {
            assertThat(e.getKind()).isEqualTo("protected_match");
            assertThat(e.getAttributes()).containsEntry("source_id", "fox").containsEntry("title", "The Fox")
                    .containsEntry("kind", "VERBATIM");
            assertThat(copy.substring(e.getBegin(), e.getEnd())).isEqualTo(e.getText());
        });
        ScorerResult clean = second.extractOutputValues().get(0).result;
        assertThat(clean.getEvidence()).isEmpty();
        assertThat(clean.getScores()).containsEntry("coverage", 0.0).containsEntry("longest_match_chars", 0.0);

        first.close();
        assertThat(SharedIndexes.users(config.indexDir)).isEqualTo(1);
        second.close();
        assertThat(SharedIndexes.users(config.indexDir)).isZero();
    }

    @Test
    void aReopenedIndexSeesDocumentsAddedMeanwhile(@TempDir Path dir) throws Exception {
        Path out = index(dir);
        ProtectedIndex before = SharedIndexes.acquire(out.toString());
        SharedIndexes.release(out.toString());
        Files.writeString(dir.resolve("sea.txt"), ProtectedIndexTest.SEA);
        ProtectedIndexBuilder.build(List.of(dir.resolve("sea.txt")), out, ProtectedIndex.Params.DEFAULT);
        ProtectedIndex after = SharedIndexes.acquire(out.toString());
        assertThat(after).isNotSameAs(before);
        assertThat(after.documentCount()).isEqualTo(2);
        SharedIndexes.release(out.toString());
    }

    @Test
    void anIndexOnAFlinkFileSystemIsCopiedToLocalDiskOnce(@TempDir Path dir) throws Exception {
        Path out = index(dir);
        Path local = SharedIndexes.copyToLocal(out.toUri());
        assertThat(local).isNotEqualTo(out);
        assertThat(ProtectedIndex.open(local).documents()).extracting(ProtectedIndex.Document::id).containsExactly("fox");
        ProtectedIndex viaUri = SharedIndexes.acquire(out.toUri().toString());
        assertThat(viaUri.documentCount()).isEqualTo(1);
        SharedIndexes.release(out.toUri().toString());
    }

    @Test
    void evidenceIsCappedButCoverageCountsEveryCopy(@TempDir Path dir) throws Exception {
        ProtectedMaterialConfig config = new ProtectedMaterialConfig();
        config.indexDir = index(dir).toString();
        config.maxMatches = 1;
        config.evidenceChars = 30;
        ProtectedMaterialScorer scorer = new ProtectedMaterialScorer(config);
        try {
            String text = ProtectedIndexTest.FOX.substring(0, 100) + " -- and in between, something else entirely, "
                    + "nothing like it at all, a long digression -- " + ProtectedIndexTest.FOX.substring(100);
            ScorerResult r = scorer.score(text);
            assertThat(r.getScores().get("matches")).isEqualTo(2.0);
            assertThat(r.getEvidence()).singleElement().extracting(Evidence::getText).asString().hasSize(30);
        } finally {
            scorer.close();
        }
    }
}
