package org.citywatch.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail an admin reads ({@code GET /api/audit}): the newest {@code keep} entries in memory, and, when a file
 * is configured, each entry appended to it as one JSON line, so the trail survives a restart (it is read back at
 * start, line by line). The file is bounded: past {@code maxBytes} it becomes {@code <file>.1} (replacing the one
 * before) and a new one starts, so at most about twice {@code maxBytes} is on disk. A file that cannot be written
 * costs the file only: the action goes on and stays in memory, and the failure is logged once.
 *
 * <p>Two bounds in memory. Refused sign-ins come from anyone who can reach the server, so they could push signed-in
 * users' actions out of a single bound; they get their own, a tenth of {@code keep} and at most
 * {@value #MAX_REFUSALS} (at least one each), and everything else (actions and good sign-ins) keeps the rest. A
 * flood of wrong passwords thus only ages out older refusals. Every entry gets a sequence number, so queries answer
 * newest first across both.
 *
 * <p>{@link #add} is called on event loops: it only updates memory (an admin reading right after an action sees it)
 * and hands the entry to one background thread ({@code audit-writer}) that appends, flushes and rolls the file. Its
 * queue is bounded ({@value #QUEUE}); when full, entries stay in memory only, counted and logged once per episode.
 * {@link #close} waits a bounded time for the queue to drain.
 */
public final class AuditTrail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The refusals' bound at most: enough to see a guessing attack and its addresses, little next to actions. */
    static final int MAX_REFUSALS = 1_000;
    /** Entries waiting for the file: far more than human actions produce in the time a disk can stall. */
    static final int QUEUE = 10_000;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** Tells the writer to stop once what was queued before it is written. */
    private static final AuditEntry STOP = new AuditEntry(Instant.EPOCH, "", "", "", "", "", "", true);

    private record Held(long seq, AuditEntry entry) {
    }

    private final int keepActions;
    private final int keepRefusals;
    private final Optional<Path> file;
    private final long maxBytes;
    private final ArrayDeque<Held> actions;
    private final ArrayDeque<Held> refusals;
    private long seq;
    private boolean closed;

    private final BlockingQueue<AuditEntry> pending;
    private final Thread writer;
    /** Entries queued for the file, and of those how many the writer is done with; guarded by {@link #progress}. */
    private long queued;
    private long done;
    private final Object progress = new Object();
    /** Entries never queued because the queue was full: in total, and in the episode going on (guarded by this). */
    private long fileDropped;
    private long droppedNow;

    // The file itself: touched by the constructor, then by the writer thread only.
    private BufferedWriter out;
    private long written;
    private boolean fileFailed;
    /** The file ends in a torn line (a crash mid-write): the next entry starts on a line of its own. */
    private boolean tornEnd;

    /** In memory only (tests, and a node without a data directory). */
    public static AuditTrail inMemory(int keep) {
        return new AuditTrail(keep, Optional.empty(), 0);
    }

    /**
     * @param keep     entries kept in memory and answered from (a tenth, at most {@value #MAX_REFUSALS}, for refused
     *                 sign-ins)
     * @param file     the JSON-lines file, read back now when it exists
     * @param maxBytes the file's size before it is rolled over
     */
    public AuditTrail(int keep, Optional<Path> file, long maxBytes) {
        this(keep, file, maxBytes, QUEUE);
    }

    AuditTrail(int keep, Optional<Path> file, long maxBytes, int queue) {
        if (keep < 1) {
            throw new IllegalArgumentException("audit.keep must be at least 1, got " + keep);
        }
        this.keepRefusals = Math.max(1, Math.min(MAX_REFUSALS, keep / 10));
        this.keepActions = Math.max(1, keep - keepRefusals);
        this.file = file;
        this.maxBytes = maxBytes;
        this.actions = new ArrayDeque<>(Math.min(keepActions, 1024));
        this.refusals = new ArrayDeque<>(Math.min(keepRefusals, 1024));
        this.pending = new ArrayBlockingQueue<>(queue);
        file.ifPresent(this::load);
        this.writer = file.map(f -> {
            Thread t = new Thread(() -> writeLoop(f), "audit-writer");
            t.setDaemon(true); // close() drains it; a stuck disk must not keep the JVM alive
            t.start();
            return t;
        }).orElse(null);
    }

    /** A sign-in that was refused: anyone can cause one, so these have a bound of their own. */
    static boolean isRefusal(AuditEntry e) {
        return !e.ok() && "login".equals(e.action());
    }

    private void load(Path f) {
        int bad = 0;
        for (Path p : List.of(rolled(f), f)) {
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
                        remember(fromJson(JSON.readTree(line)));
                    } catch (IOException | RuntimeException e) {
                        bad++; // a torn last line after a crash, or a hand edit: that line only
                    }
                }
            } catch (IOException e) {
                log.warn("Audit trail: cannot read {} ({}); starting without the rest of it", p, e.getMessage());
            }
        }
        if (bad > 0) {
            log.warn("Audit trail: skipped {} unreadable line(s) in {}", bad, f);
        }
        try {
            written = Files.isRegularFile(f) ? Files.size(f) : 0;
            if (written > 0) {
                try (var ch = Files.newByteChannel(f)) {
                    ByteBuffer last = ByteBuffer.allocate(1);
                    ch.position(written - 1).read(last);
                    tornEnd = last.get(0) != '\n';
                }
            }
        } catch (IOException e) {
            written = 0;
        }
    }

    private static Path rolled(Path f) {
        return f.resolveSibling(f.getFileName() + ".1");
    }

    /** Held in memory at once; queued for the file (never written on the caller's thread). */
    public synchronized void add(AuditEntry e) {
        remember(e);
        if (writer == null || closed) {
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
            fileDropped++;
            if (droppedNow++ == 0) {
                log.error("Audit trail: the writer of {} is {} entries behind; new entries stay in memory only until"
                        + " it catches up", file.get(), pending.size());
            }
        } else if (droppedNow > 0) {
            log.warn("Audit trail: the writer of {} caught up; {} entries were kept in memory only", file.get(),
                    droppedNow);
            droppedNow = 0;
        }
    }

    private void remember(AuditEntry e) {
        ArrayDeque<Held> into = isRefusal(e) ? refusals : actions;
        if (into.size() == (into == refusals ? keepRefusals : keepActions)) {
            into.removeFirst();
        }
        into.addLast(new Held(seq++, e));
    }

    private void writeLoop(Path f) {
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
                        append(f, e);
                        entries++;
                    }
                }
                flushFile(f); // once per batch: a burst costs one flush, and the disk is current when idle
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

    private void append(Path f, AuditEntry e) {
        try {
            byte[] line = ((tornEnd ? "\n" : "") + toJson(e) + "\n").getBytes(StandardCharsets.UTF_8);
            if (written > 0 && written + line.length > maxBytes) {
                closeFile();
                Files.move(f, rolled(f), StandardCopyOption.REPLACE_EXISTING);
                written = 0;
            }
            if (out == null) {
                Files.createDirectories(f.toAbsolutePath().getParent());
                out = Files.newBufferedWriter(f, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            out.write(new String(line, StandardCharsets.UTF_8));
            written += line.length;
            tornEnd = false;
        } catch (IOException | UncheckedIOException ex) {
            failed(f, ex);
        }
    }

    private void flushFile(Path f) {
        if (out == null) {
            return;
        }
        try {
            out.flush();
            fileFailed = false;
        } catch (IOException ex) {
            failed(f, ex);
        }
    }

    private void failed(Path f, Exception ex) {
        if (!fileFailed) {
            log.error("Audit trail: cannot write {} ({}); entries stay in memory until it works again", f,
                    ex.getMessage());
            fileFailed = true;
        }
        closeFile();
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
    synchronized long fileDropped() {
        return fileDropped;
    }

    /** Newest first: entries that match, at most {@code limit}. */
    public synchronized List<AuditEntry> query(Predicate<AuditEntry> match, int limit) {
        List<AuditEntry> found = new ArrayList<>(Math.min(limit, size()));
        Iterator<Held> a = actions.descendingIterator();
        Iterator<Held> r = refusals.descendingIterator();
        Held nextA = a.hasNext() ? a.next() : null;
        Held nextR = r.hasNext() ? r.next() : null;
        while ((nextA != null || nextR != null) && found.size() < limit) {
            Held h;
            if (nextR == null || (nextA != null && nextA.seq() > nextR.seq())) {
                h = nextA;
                nextA = a.hasNext() ? a.next() : null;
            } else {
                h = nextR;
                nextR = r.hasNext() ? r.next() : null;
            }
            if (match.test(h.entry())) {
                found.add(h.entry());
            }
        }
        return found;
    }

    /** One entry as the API and the file show it. */
    public static ObjectNode toJson(AuditEntry e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("at", e.at().toString());
        n.put("user", e.user());
        n.put("role", e.role());
        n.put("action", e.action());
        n.put("target", e.target());
        n.put("detail", e.detail());
        n.put("address", e.address());
        n.put("ok", e.ok());
        return n;
    }

    static AuditEntry fromJson(JsonNode n) {
        if (!n.path("at").isTextual() || !n.path("action").isTextual()) {
            throw new IllegalArgumentException("not an audit entry");
        }
        return new AuditEntry(Instant.parse(n.path("at").asText()), n.path("user").asText(""),
                n.path("role").asText(""), n.path("action").asText(), n.path("target").asText(""),
                n.path("detail").asText(""), n.path("address").asText(""), n.path("ok").asBoolean(true));
    }

    public synchronized int size() {
        return actions.size() + refusals.size();
    }

    /** The oldest entry held: what an admin can still see back to. */
    public synchronized Optional<Instant> oldest() {
        Held a = actions.peekFirst();
        Held r = refusals.peekFirst();
        Held first = a == null ? r : r == null || a.seq() < r.seq() ? a : r;
        return first == null ? Optional.empty() : Optional.of(first.entry().at());
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

    /** Writes what is queued (waiting a bounded time for it) and closes the file; later entries stay in memory. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed || writer == null) {
                closed = true;
                return;
            }
            closed = true;
        }
        try {
            boolean drained = flush(CLOSE_WAIT);
            if (!drained || !pending.offer(STOP)) {
                log.warn("Audit trail: {} entries not written to {} in {} s; stopping the writer", pending.size(),
                        file.get(), CLOSE_WAIT.toSeconds());
                writer.interrupt();
            }
            writer.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            writer.interrupt();
            Thread.currentThread().interrupt();
        }
    }
}
