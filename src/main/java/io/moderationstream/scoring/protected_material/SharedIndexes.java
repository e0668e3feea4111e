package io.moderationstream.scoring.protected_material;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * One open index per TaskManager process and location, shared by every subtask that asks for it: the segments are
 * memory-mapped once, so a branch with parallelism 8 on one TaskManager holds one copy of its pages, not eight.
 * Reference-counted: when the last subtask releases it (job cancelled, restarted) the next acquire opens the
 * directory afresh and sees a rebuilt or extended index.
 *
 * <p>A location with a scheme ({@code s3://}, {@code hdfs://}, ...) is read through Flink's file systems and copied
 * once per process into a local temporary directory, then mapped from there.
 */
public final class SharedIndexes {
    private static final Map<String, Entry> OPEN = new HashMap<>();

    private static final class Entry {
        final ProtectedIndex index;
        int users;

        Entry(ProtectedIndex index) {
            this.index = index;
        }
    }

    private SharedIndexes() {}

    /** The index at {@code location} (a local path or a Flink file-system URI), opened if no subtask holds it yet. */
    public static synchronized ProtectedIndex acquire(String location) throws IOException {
        Entry entry = OPEN.get(location);
        if (entry == null) {
            entry = new Entry(ProtectedIndex.open(localDirectory(location)));
            OPEN.put(location, entry);
        }
        entry.users++;
        return entry.index;
    }

    /** Gives back one use of {@code location}'s index. */
    public static synchronized void release(String location) {
        Entry entry = OPEN.get(location);
        if (entry != null && --entry.users == 0) {
            OPEN.remove(location);
        }
    }

    /** How many subtasks of this process use the index at {@code location} now (for tests and metrics). */
    static synchronized int users(String location) {
        Entry entry = OPEN.get(location);
        return entry == null ? 0 : entry.users;
    }

    private static Path localDirectory(String location) throws IOException {
        URI uri = URI.create(location.replace('\\', '/'));
        if (uri.getScheme() == null || uri.getScheme().length() == 1) {   // a path (a drive letter is no scheme)
            return Path.of(location);
        }
        if ("file".equals(uri.getScheme())) {
            return Path.of(uri);
        }
        return copyToLocal(uri);
    }

    /** Copies the index files at {@code uri} (any file system Flink has a plug-in for) into a new local directory. */
    static Path copyToLocal(URI uri) throws IOException {
        org.apache.flink.core.fs.Path remote = new org.apache.flink.core.fs.Path(uri);
        FileSystem fs = remote.getFileSystem();
        FileStatus[] files = fs.listStatus(remote);
        if (files == null) {
            throw new IOException(uri + " does not exist");
        }
        Path local = Files.createTempDirectory("protected-index-");
        local.toFile().deleteOnExit();
        for (FileStatus f : files) {
            if (f.isDir()) {
                continue;
            }
            Path target = local.resolve(f.getPath().getName());
            try (InputStream in = fs.open(f.getPath())) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            target.toFile().deleteOnExit();
        }
        return local;
    }
}
