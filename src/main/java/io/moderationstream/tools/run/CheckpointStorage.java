package io.moderationstream.tools.run;

import io.moderationstream.config.JobConfig;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * Where {@code run} keeps its state: {@code <checkpointing.storage>/<job id>/chk-N} (retained checkpoints) and
 * {@code <checkpointing.storage>/savepoints/} (savepoints taken on SIGTERM). The job id is derived from {@code job_name},
 * the consumer group and the events topic, so the same config finds its own state again after a restart. Any file
 * system Flink supports.
 */
public final class CheckpointStorage {
    private CheckpointStorage() {}

    /** A completed checkpoint or savepoint to restore from. */
    public record RestorePoint(String path, Kind kind, long completedAt) {
        public enum Kind { CHECKPOINT, SAVEPOINT, GIVEN }
    }

    public static String root(JobConfig config) {
        return io.moderationstream.pipeline.JobEnvironment.checkpointStorage(config);
    }

    /**
     * The same id for the same job name, consumer group and events topic, so that restarts find this job's checkpoints,
     * and a run pointed at other topics or another group does not resume state (offsets, windows) that is not its own.
     */
    public static JobID jobId(JobConfig config) {
        String identity = "moderation-stream:" + config.jobName + "|" + config.kafka.groupId + "|" + config.topics.events;
        UUID uuid = UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8));
        return new JobID(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    public static String savepointDirectory(JobConfig config) {
        return join(root(config), "savepoints");
    }

    /** The most recent completed checkpoint of this job, or savepoint of it, whichever completed last. */
    public static Optional<RestorePoint> latest(JobConfig config) throws IOException {
        JobID id = jobId(config);
        RestorePoint best = null;
        for (FileStatus chk : list(join(root(config), id.toString()))) {
            String name = chk.getPath().getName();
            if (chk.isDir() && name.startsWith("chk-")) {
                best = newer(best, completed(chk.getPath(), RestorePoint.Kind.CHECKPOINT));
            }
        }
        String prefix = savepointPrefix(id);
        for (FileStatus sp : list(savepointDirectory(config))) {
            if (sp.isDir() && sp.getPath().getName().startsWith(prefix)) {
                best = newer(best, completed(sp.getPath(), RestorePoint.Kind.SAVEPOINT));
            }
        }
        return Optional.ofNullable(best);
    }

    /** Moves this job's checkpoints and savepoints aside (--fresh): a new job must not write into the old one's. */
    public static Optional<String> archive(JobConfig config) throws IOException {
        JobID id = jobId(config);
        Path jobDir = new Path(join(root(config), id.toString()));
        FileSystem fs = jobDir.getFileSystem();
        String archive = join(root(config), "replaced-" + id + "-" + System.currentTimeMillis());
        boolean moved = false;
        if (fs.exists(jobDir)) {
            fs.mkdirs(new Path(archive));
            moved |= fs.rename(jobDir, new Path(archive, "checkpoints"));
        }
        String prefix = savepointPrefix(id);
        for (FileStatus sp : list(savepointDirectory(config))) {
            if (sp.getPath().getName().startsWith(prefix)) {
                fs.mkdirs(new Path(archive));
                moved |= fs.rename(sp.getPath(), new Path(archive, sp.getPath().getName()));
            }
        }
        return moved ? Optional.of(archive) : Optional.empty();
    }

    /** Flink names a job's savepoint directories savepoint-(first 6 characters of the job id)-(random). */
    private static String savepointPrefix(JobID id) {
        return "savepoint-" + id.toString().substring(0, 6) + "-";
    }

    static void checkWritable(String root) throws StartupException {
        try {
            Path dir = new Path(root);
            FileSystem fs = dir.getFileSystem();
            fs.mkdirs(dir);
            Path probe = new Path(dir, ".write-probe-" + UUID.randomUUID());
            try (OutputStream out = fs.create(probe, FileSystem.WriteMode.OVERWRITE)) {
                out.write('x');
            }
            fs.delete(probe, false);
        } catch (IOException | RuntimeException e) {
            throw new StartupException("the checkpoint storage " + root + " is not writable (" + StartupChecks.rootMessage(e)
                    + "): fix checkpointing.storage (--set checkpointing.storage=file:///path or s3://bucket/path)");
        }
    }

    private static RestorePoint completed(Path dir, RestorePoint.Kind kind) throws IOException {
        Path metadata = new Path(dir, "_metadata");
        FileSystem fs = metadata.getFileSystem();
        if (!fs.exists(metadata)) {
            return null; // still being written when the process died: not a completed one
        }
        return new RestorePoint(dir.toString(), kind, fs.getFileStatus(metadata).getModificationTime());
    }

    private static RestorePoint newer(RestorePoint a, RestorePoint b) {
        if (a == null) {
            return b;
        }
        return b == null || a.completedAt() >= b.completedAt() ? a : b;
    }

    private static FileStatus[] list(String dir) throws IOException {
        Path path = new Path(dir);
        FileSystem fs = path.getFileSystem();
        if (!fs.exists(path)) {
            return new FileStatus[0];
        }
        FileStatus[] all = fs.listStatus(path);
        return all == null ? new FileStatus[0] : all;
    }

    private static String join(String root, String child) {
        return root.endsWith("/") ? root + child : root + "/" + child;
    }
}
