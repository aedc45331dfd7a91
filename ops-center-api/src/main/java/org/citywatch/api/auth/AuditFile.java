package org.citywatch.api.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AuditTrail}'s file: each entry one JSON line, so the trail survives a restart (it is read back at start,
 * line by line). It is a class of its own because the file has two promises to keep that the trail's memory does not:
 *
 * <ul>
 *   <li>File appends never happen on an event loop. {@link AuditTrail#add} runs there, and only hands the entry to
 *       {@link #offer}; one background thread ({@code audit-writer}) appends, flushes and rolls the file. Its queue
 *       is bounded ({@value #QUEUE}); when full, entries stay in memory only, counted and logged once per episode.
 *       {@link #close} waits a bounded time for the queue to drain.
 *   <li>Disk use is bounded. Past {@code maxBytes} the file becomes {@code <file>.1} (replacing the one before) and
 *       a new one starts, so at most about twice {@code maxBytes} is on disk.
 * </ul>
 *
 * <p>A file that cannot be written costs the file only: the action goes on and stays in memory, and the failure is
 * logged once.
 */
final class AuditFile implements AutoCloseable {

    /** The trail's logger, as before the file was a class apart: one name for operators to route and filter. */
    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Entries waiting for the file: far more than human actions produce in the time a disk can stall. */
    static final int QUEUE = 10_000;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** Tells the writer to stop once what was queued before it is written. */
    private static final AuditEntry STOP = new AuditEntry(Instant.EPOCH, "", "", "", "", "", "", true);

    private final Path file;
    private final long maxBytes;
    private final BlockingQueue<AuditEntry> pending;
    private final Thread writer;
    /** Guarded by this. */
    private boolean closed;
    /** Entries queued for the file, and of those how many the writer is done with; guarded by {@link #progress}. */
    private long queued;
    private long done;
    private final Object progress = new Object();
    /** Entries never queued because the queue was full: in total, and in the episode going on (guarded by this). */
    private long dropped;
    private long droppedNow;

    // The file itself: touched by the constructor, then by the writer thread only.
    private BufferedWriter out;
    private long written;
    private boolean writeFailed;
    /** The file ends in a torn line (a crash mid-write): the next entry starts on a line of its own. */
    private boolean tornEnd;

    /**
     * Reads the file back (the rolled-over one first) into {@code into}, then starts the writer.
     *
     * @param file     the JSON-lines file, read back now when it exists
     * @param maxBytes the file's size before it is rolled over
     * @param queue    entries that may wait for the writer
     * @param into     takes each entry read back, oldest first
     */
    AuditFile(Path file, long maxBytes, int queue, Consumer<AuditEntry> into) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.pending = new ArrayBlockingQueue<>(queue);
        load(into);
        this.writer = new Thread(this::writeLoop, "audit-writer");
        writer.setDaemon(true); // close() drains it; a stuck disk must not keep the JVM alive
        writer.start();
    }

    private void load(Consumer<AuditEntry> into) {
        int bad = 0;
        for (Path p : List.of(rolled(), file)) {
            if (!Files.isRegularFile(p)) {
                continue;
            }
            // Line by line into the bounded deques: the files can hold about 2 x maxBytes. A decoder that replaces
            // malformed bytes, so a character torn by a crash costs its line, not the file.
            try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(p),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        into.accept(AuditTrail.fromJson(JSON.readTree(line)));
                    } catch (IOException | RuntimeException e) {
                        bad++; // a torn last line after a crash, or a hand edit: that line only
                    }
                }
            } catch (IOException e) {
                log.warn("Audit trail: cannot read {} ({}); starting without the rest of it", p, e.getMessage());
            }
        }
        if (bad > 0) {
            log.warn("Audit trail: skipped {} unreadable line(s) in {}", bad, file);
        }
        try {
            written = Files.isRegularFile(file) ? Files.size(file) : 0;
            if (written > 0) {
                try (var ch = Files.newByteChannel(file)) {
                    ByteBuffer last = ByteBuffer.allocate(1);
                    ch.position(written - 1).read(last);
                    tornEnd = last.get(0) != '\n';
                }
            }
        } catch (IOException e) {
            written = 0;
        }
    }

    private Path rolled() {
        return file.resolveSibling(file.getFileName() + ".1");
    }

    /** Queues the entry for the writer, never waiting: when the queue is full, the entry is not written. */
    synchronized void offer(AuditEntry e) {
        if (closed) {
            return;
        }
        boolean inQueue;
        synchronized (progress) {
            inQueue = pending.offer(e);
            if (inQueue) {
                queued++;
            }
        }
        if (!inQueue) {
            dropped++;
            if (droppedNow++ == 0) {
                log.error("Audit trail: the writer of {} is {} entries behind; new entries stay in memory only until"
                        + " it catches up", file, pending.size());
            }
        } else if (droppedNow > 0) {
            log.warn("Audit trail: the writer of {} caught up; {} entries were kept in memory only", file, droppedNow);
            droppedNow = 0;
        }
    }

    private void writeLoop() {
        List<AuditEntry> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(pending.take());
                pending.drainTo(batch, 255);
                boolean stop = false;
                int entries = 0;
                for (AuditEntry e : batch) {
                    if (e == STOP) {
                        stop = true;
                    } else {
                        append(e);
                        entries++;
                    }
                }
                flushFile(); // once per batch: a burst costs one flush, and the disk is current when idle
                batch.clear();
                synchronized (progress) {
                    done += entries;
                    progress.notifyAll();
                }
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close() stopped waiting for a stuck disk
        } finally {
            closeFile();
        }
    }

    private void append(AuditEntry e) {
        try {
            byte[] line = ((tornEnd ? "\n" : "") + AuditTrail.toJson(e) + "\n").getBytes(StandardCharsets.UTF_8);
            if (written > 0 && written + line.length > maxBytes) {
                closeFile();
                Files.move(file, rolled(), StandardCopyOption.REPLACE_EXISTING);
                written = 0;
            }
            if (out == null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            out.write(new String(line, StandardCharsets.UTF_8));
            written += line.length;
            tornEnd = false;
        } catch (IOException | UncheckedIOException ex) {
            failed(ex);
        }
    }

    private void flushFile() {
        if (out == null) {
            return;
        }
        try {
            out.flush();
            writeFailed = false;
        } catch (IOException ex) {
            failed(ex);
        }
    }

    private void failed(Exception ex) {
        if (!writeFailed) {
            log.error("Audit trail: cannot write {} ({}); entries stay in memory until it works again", file,
                    ex.getMessage());
            writeFailed = true;
        }
        closeFile();
    }

    private void closeFile() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the next append reopens it
            }
            out = null;
        }
    }

    /** Waits until what was queued before this call is in the file, at most {@code wait}; true when it is. */
    boolean flush(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (progress) {
            long target = queued;
            while (done < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** Entries in the writer's queue, not yet taken. */
    int waiting() {
        return pending.size();
    }

    /** Entries kept in memory only because the writer's queue was full. */
    synchronized long dropped() {
        return dropped;
    }

    /** Writes what is queued (waiting a bounded time for it) and closes the file; later entries are not written. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            boolean drained = flush(CLOSE_WAIT);
            if (!drained || !pending.offer(STOP)) {
                log.warn("Audit trail: {} entries not written to {} in {} s; stopping the writer", pending.size(),
                        file, CLOSE_WAIT.toSeconds());
                writer.interrupt();
            }
            writer.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            writer.interrupt();
            Thread.currentThread().interrupt();
        }
    }
}
