package org.citywatch.analytics.alert.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's file: UTF-8 lines, one event's JSON each, appended at the end and read back from any line's start;
 * emptied (truncated) only once every line has been replayed. Locked while open, so two stores (two processes, or
 * two nodes misconfigured with one directory) cannot interleave their events in it.
 *
 * <p>Durability: each append is one {@code write} to the operating system before {@code publish} returns, so a
 * crash of the JVM loses nothing. The file is forced to the disk at most once a second (by an append that finds the
 * last force older than that, or by the replayer's next wake-up), as Redis's recommended {@code appendfsync
 * everysec} does: a power cut can lose the last second of journalled events. Forcing each append would cost a disk
 * flush per event (about 1 ms here, more on a spinning disk) at the very moment the node is degraded and
 * publishing into it.
 *
 * <p>A line cut short by a power cut (no final line break) is dropped when the file is opened. Thread-safe.
 */
final class JournalFile implements AutoCloseable {

    static final String NAME = "alerts.journal";
    private static final Logger log = LoggerFactory.getLogger(JournalFile.class);
    private static final long FORCE_INTERVAL_NANOS = 1_000_000_000L;
    private static final int READ_CHUNK = 256 * 1024;

    /** One line and the offset just past it (where replay resumes). */
    record Line(String text, long end) {
    }

    private final Path path;
    private final long maxBytes;
    private final FileChannel channel;
    private final FileLock lock;
    private long size;
    private long lastForce = System.nanoTime();
    private boolean dirty;

    private JournalFile(Path path, long maxBytes, FileChannel channel, FileLock lock, long size) {
        this.path = path;
        this.maxBytes = maxBytes;
        this.channel = channel;
        this.lock = lock;
        this.size = size;
    }

    static JournalFile open(Path dir, long maxBytes) throws IOException {
        Files.createDirectories(dir);
        Path path = dir.resolve(NAME);
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("the alert journal " + path + " is in use by another store; give each node its "
                    + "own alerts.redis.journalDir");
        }
        long size = completeLength(ch);
        if (size < ch.size()) {
            log.warn("Alert journal {}: dropping a last entry cut short ({} bytes), from a crash while it was written",
                    path, ch.size() - size);
            ch.truncate(size);
        }
        return new JournalFile(path, maxBytes, ch, lock, size);
    }

    /** The length up to and including the last line break. */
    private static long completeLength(FileChannel ch) throws IOException {
        long end = ch.size();
        ByteBuffer b = ByteBuffer.allocate(4096);
        while (end > 0) {
            int n = (int) Math.min(b.capacity(), end);
            b.clear().limit(n);
            readFully(ch, b, end - n);
            for (int i = n - 1; i >= 0; i--) {
                if (b.get(i) == '\n') {
                    return end - n + i + 1;
                }
            }
            end -= n;
        }
        return 0;
    }

    Path path() {
        return path;
    }

    synchronized long size() {
        return size;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Whether {@code bytes} more would pass the bound. */
    synchronized boolean wouldOverflow(int bytes) {
        return size + bytes > maxBytes;
    }

    /**
     * Appends one line (the caller checked {@link #wouldOverflow}).
     *
     * @throws UncheckedIOException when the disk refuses it (the file is left as it was)
     */
    synchronized void append(byte[] lineWithBreak) {
        try {
            ByteBuffer b = ByteBuffer.wrap(lineWithBreak);
            long at = size;
            while (b.hasRemaining()) {
                at += channel.write(b, at);
            }
            size = at;
            dirty = true;
            if (System.nanoTime() - lastForce >= FORCE_INTERVAL_NANOS) {
                force();
            }
        } catch (IOException e) {
            try {
                channel.truncate(size); // a partial line would glue itself to the next one
            } catch (IOException ignored) {
                // the next open drops a torn last line anyway
            }
            throw new UncheckedIOException("the alert journal " + path + " could not be written", e);
        }
    }

    /** Forces written lines to the disk if some are not yet (the replayer calls this when it wakes). */
    synchronized void forceIfDirty() {
        if (dirty) {
            try {
                force();
            } catch (IOException e) {
                log.warn("Alert journal {}: fsync failed ({}); tried again later", path, e.getMessage());
            }
        }
    }

    private void force() throws IOException {
        channel.force(false);
        dirty = false;
        lastForce = System.nanoTime();
    }

    /**
     * Up to {@code max} whole lines from {@code from} (a line's start) before {@code until}. Reads only what was
     * completely written, so it needs no lock against appends.
     */
    List<Line> read(long from, long until, int max) {
        List<Line> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.allocate(READ_CHUNK);
        long pos = from;
        try {
            while (pos < until && out.size() < max) {
                int n = (int) Math.min(b.capacity(), until - pos);
                b.clear().limit(n);
                readFully(channel, b, pos);
                int start = 0;
                for (int i = 0; i < n && out.size() < max; i++) {
                    if (b.get(i) == '\n') {
                        out.add(new Line(new String(b.array(), start, i - start, StandardCharsets.UTF_8),
                                pos + i + 1));
                        start = i + 1;
                    }
                }
                if (start == 0 && out.size() < max) {
                    b = ByteBuffer.allocate(b.capacity() * 2); // one line longer than the buffer
                    continue;
                }
                pos += start;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the alert journal " + path + " could not be read", e);
        }
        return out;
    }

    /** Empties the file: every line has been replayed. */
    synchronized void truncate() {
        try {
            channel.truncate(0);
            size = 0;
            force();
        } catch (IOException e) {
            // Not emptied: its lines are replayed again later, and found in Redis already (STALE), so no harm.
            log.warn("Alert journal {}: could not be emptied ({})", path, e.getMessage());
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, at + b.position());
            if (n < 0) {
                throw new IOException("unexpected end of file at " + (at + b.position()));
            }
        }
    }

    @Override
    public synchronized void close() {
        forceIfDirty();
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            log.warn("Alert journal {}: close failed ({})", path, e.getMessage());
        }
    }
}
