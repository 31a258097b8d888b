package io.hookbridge.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps an embedded journal file to one bridge process: a second process on the same file is
 * stopped at start. Knowing that no other process shares the journal, the bridge takes back at
 * start the claims that an earlier run of its own left behind (a crash), instead of waiting out
 * their lease. The lock is the operating system's, so it ends with the process, even on kill -9;
 * the file stays, and must not be removed while the bridge runs.
 */
public final class EmbeddedJournalLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private EmbeddedJournalLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code <journal file>.lock}; give the journal's real path, so that every way to it gives one lock. */
    public static EmbeddedJournalLock acquire(Path journalFile, String setting) {
        Path lockFile = journalFile.resolveSibling(journalFile.getFileName() + ".lock");
        try {
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another Hookbridge process is running on the journal " + journalFile
                        + ": stop it, or give this one a journal of its own (hookbridge.data-dir or " + setting
                        + "); several instances share a PostgreSQL or MariaDB journal");
            }
            return new EmbeddedJournalLock(channel, lock);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the journal's lock file " + lockFile + ": "
                    + e.getMessage() + " (check hookbridge.data-dir or " + setting + ")", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
