package io.moderationstream.tools.run;

import io.moderationstream.config.ConfigLoader;
import io.moderationstream.config.JobConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which state {@code run} resumes from, found on the file system as Flink leaves it. */
class CheckpointStorageTest {

    private static JobConfig config(Path storage, String... more) throws Exception {
        List<String> overrides = new java.util.ArrayList<>(List.of("checkpointing.storage=" + storage.toUri()));
        overrides.addAll(List.of(more));
        return new ConfigLoader().defaults(overrides);
    }

    private static Path completed(Path dir, long modifiedMillis) throws Exception {
        Files.createDirectories(dir);
        Path metadata = Files.writeString(dir.resolve("_metadata"), "m");
        Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
        return dir;
    }

    @Test
    void theSameJobGetsTheSameIdAndAnotherTopicOrGroupAnother(@TempDir Path dir) throws Exception {
        assertThat(CheckpointStorage.jobId(config(dir))).isEqualTo(CheckpointStorage.jobId(config(dir)));
        assertThat(CheckpointStorage.jobId(config(dir, "topics.events=other"))).isNotEqualTo(CheckpointStorage.jobId(config(dir)));
        assertThat(CheckpointStorage.jobId(config(dir, "kafka.group_id=other"))).isNotEqualTo(CheckpointStorage.jobId(config(dir)));
    }

    @Test
    void theLatestCompletedCheckpointOrSavepointOfThisJobWins(@TempDir Path dir) throws Exception {
        JobConfig config = config(dir);
        String id = CheckpointStorage.jobId(config).toString();
        assertThat(CheckpointStorage.latest(config)).isEmpty();

        completed(dir.resolve(id).resolve("chk-7"), 1_000);
        completed(dir.resolve(id).resolve("chk-8"), 2_000);
        Files.createDirectories(dir.resolve(id).resolve("chk-9"));   // the process died while writing it
        assertThat(CheckpointStorage.latest(config)).get().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(CheckpointStorage.RestorePoint.Kind.CHECKPOINT);
            assertThat(r.path()).endsWith("chk-8");
        });

        completed(dir.resolve("savepoints").resolve("savepoint-" + id.substring(0, 6) + "-abc"), 3_000);
        completed(dir.resolve("savepoints").resolve("savepoint-ffffff-other-job"), 9_000);
        assertThat(CheckpointStorage.latest(config)).get().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(CheckpointStorage.RestorePoint.Kind.SAVEPOINT);
            assertThat(r.path()).endsWith("savepoint-" + id.substring(0, 6) + "-abc");
        });
    }

    @Test
    void freshMovesThisJobsStateAsideWithoutDeletingIt(@TempDir Path dir) throws Exception {
        JobConfig config = config(dir);
        String id = CheckpointStorage.jobId(config).toString();
        completed(dir.resolve(id).resolve("chk-3"), 1_000);
        completed(dir.resolve("savepoints").resolve("savepoint-" + id.substring(0, 6) + "-abc"), 2_000);

        String archive = CheckpointStorage.archive(config).orElseThrow();
        assertThat(CheckpointStorage.latest(config)).isEmpty();
        Path moved = Path.of(java.net.URI.create(archive.startsWith("file:") ? archive : "file:" + archive));
        assertThat(moved.resolve("checkpoints").resolve("chk-3").resolve("_metadata")).exists();
        assertThat(moved.resolve("savepoint-" + id.substring(0, 6) + "-abc")).exists();
    }
}
