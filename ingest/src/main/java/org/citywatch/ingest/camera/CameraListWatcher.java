package org.citywatch.ingest.camera;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one camera list file and hands each new version to a callback, on the watcher's own daemon
 * thread.
 *
 * <ul>
 *   <li>Changes are seen through a {@link WatchService} on the file's directory and, because that misses
 *       edits on some filesystems (network mounts, some containers, a Kubernetes ConfigMap's symlink swap),
 *       through a poll of the file's modification time, size and identity every {@code poll}.</li>
 *   <li>Events are debounced: an editor's write-then-rename, or a copy in several writes, is one reload. A
 *       file still changing while it is read is read again later.</li>
 *   <li>A version that cannot be used at all (unreadable, missing, not YAML/CSV, or not one valid camera
 *       in it) is logged once as an error and the callback is not called: the fleet keeps its current
 *       cameras rather than stopping them all for a half-written file. To stop every camera, write an
 *       empty list ({@code cameras: []}, or a CSV with only its header).</li>
 *   <li>Otherwise the callback gets the list; its rejected entries are logged once each, and not again
 *       while they stay the same (the entries the caller read at start-up count as already reported).</li>
 * </ul>
 *
 * Start the watcher before or right after the initial read: a version written in between is seen as a
 * change and applied, and applying an unchanged list is harmless.
 */
public final class CameraListWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CameraListWatcher.class);
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(300);
    /** However often the file keeps changing, a reload happens at most this long after the first change. */
    private static final long MAX_DEBOUNCE_FACTOR = 10;

    private final Path file;
    private final CameraList.Format format;
    private final Consumer<CameraList> onChange;
    private final long pollNanos;
    private final long debounceNanos;
    private final WatchService watch;
    private final Thread thread;
    private final Object sleeper = new Object();
    private volatile boolean closed;

    // Watcher thread only (and the constructor, before the thread starts).
    private Fingerprint fingerprint;
    private byte[] lastRead;
    /** The version in force: reading it again (say, after a half-written read in between) is not a change. */
    private byte[] applied;
    private Set<String> reported = Set.of();
    private String lastFailure;
    private long pendingSince = -1;
    private long pendingAt = -1;

    /** The file's modification time, size and identity (inode): a rename over it changes the identity. */
    private record Fingerprint(FileTime modified, long size, Object key) {
    }

    private CameraListWatcher(Path file, Consumer<CameraList> onChange, Duration poll, Duration debounce)
            throws IOException {
        this.file = file.toAbsolutePath().normalize();
        this.format = CameraList.Format.of(this.file);
        this.onChange = Objects.requireNonNull(onChange);
        this.pollNanos = poll.toNanos();
        this.debounceNanos = debounce.toNanos();
        this.watch = register(this.file.getParent());
        fingerprint = stat();
        baseline();
        thread = Thread.ofPlatform().daemon().name("camera-list-watcher").start(this::loop);
    }

    /** Watches {@code file} with the default 2 s poll and 300 ms debounce. */
    public static CameraListWatcher start(Path file, Consumer<CameraList> onChange) throws IOException {
        return start(file, onChange, DEFAULT_POLL, DEFAULT_DEBOUNCE);
    }

    /** @throws IOException when the file's name is not .csv/.yaml/.yml (it need not exist yet) */
    public static CameraListWatcher start(Path file, Consumer<CameraList> onChange, Duration poll, Duration debounce)
            throws IOException {
        return new CameraListWatcher(file, onChange, poll, debounce);
    }

    private WatchService register(Path dir) {
        try {
            WatchService ws = dir.getFileSystem().newWatchService();
            dir.register(ws, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
            return ws;
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("Camera list {}: no file events ({}); checking it every {} ms instead", file, e.getMessage(),
                    TimeUnit.NANOSECONDS.toMillis(pollNanos));
            return null;
        }
    }

    /** The version the caller read at start-up: not a change, and its errors were reported by the caller. */
    private void baseline() {
        try {
            lastRead = Files.readAllBytes(file);
            applied = lastRead;
            reported = new HashSet<>(CameraList.parse(CameraList.decode(lastRead), format).errors());
        } catch (IOException | RuntimeException e) {
            // The caller has already failed on (or reported) this version; the next change is read afresh.
        }
    }

    private void loop() {
        long nextPoll = System.nanoTime() + pollNanos;
        while (!closed) {
            try {
                long now = System.nanoTime();
                long wait = Math.max(1, Math.min(nextPoll, pendingAt >= 0 ? pendingAt : Long.MAX_VALUE) - now);
                WatchKey key = watch == null ? sleep(wait) : watch.poll(wait, TimeUnit.NANOSECONDS);
                if (key != null) {
                    onEvents(key);
                }
                now = System.nanoTime();
                if (now - nextPoll >= 0) {
                    nextPoll = now + pollNanos;
                    if (!Objects.equals(stat(), fingerprint)) {
                        schedule(now);
                    }
                }
                if (pendingAt >= 0 && now - pendingAt >= 0) {
                    pendingAt = -1;
                    pendingSince = -1;
                    reload();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                log.error("Camera list {}: watcher error; it keeps watching", file, e);
            }
        }
    }

    private void onEvents(WatchKey key) {
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            // Other names in the directory matter too: a ConfigMap swaps a symlinked directory, not the file.
            relevant |= event.kind() == OVERFLOW || file.getFileName().equals(event.context())
                    || !Objects.equals(stat(), fingerprint);
        }
        if (!key.reset()) {
            log.warn("Camera list {}: its directory can no longer be watched; checking the file every {} ms",
                    file, TimeUnit.NANOSECONDS.toMillis(pollNanos));
        }
        if (relevant) {
            schedule(System.nanoTime());
        }
    }

    /** Debounce: each change pushes the reload back, but never past MAX_DEBOUNCE_FACTOR debounces. */
    private void schedule(long now) {
        if (pendingSince < 0) {
            pendingSince = now;
        }
        pendingAt = Math.min(now + debounceNanos, pendingSince + MAX_DEBOUNCE_FACTOR * debounceNanos);
    }

    private void reload() {
        Fingerprint before = stat();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            fingerprint = before;
            fail("cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            return;
        }
        Fingerprint after = stat();
        if (!Objects.equals(before, after)) {
            schedule(System.nanoTime()); // still being written: read it again when it settles
            return;
        }
        fingerprint = after;
        if (Arrays.equals(bytes, lastRead)) {
            return; // touched or rewritten with the same content: nothing to do, nothing to report again
        }
        lastRead = bytes;
        if (Arrays.equals(bytes, applied)) {
            lastFailure = null; // back to the version in force, e.g. after catching a truncate-then-write midway
            return;
        }
        CameraList list;
        try {
            list = CameraList.parse(CameraList.decode(bytes), format);
        } catch (IOException | RuntimeException e) {
            fail(e.getMessage());
            return;
        }
        if (list.cameras().isEmpty() && !list.errors().isEmpty()) {
            fail("has no valid camera (" + list.errors().size() + " rejected; first: " + list.errors().get(0) + ")");
            return;
        }
        lastFailure = null;
        applied = bytes;
        for (String error : list.errors()) {
            if (!reported.contains(error)) {
                log.warn("Camera list {}: {}", file, error);
            }
        }
        reported = new HashSet<>(list.errors());
        log.info("Camera list {} changed: {} camera(s), {} rejected entr{}", file, list.cameras().size(),
                list.errors().size(), list.errors().size() == 1 ? "y" : "ies");
        try {
            onChange.accept(list);
        } catch (RuntimeException e) {
            log.error("Camera list {}: applying the new list failed", file, e);
        }
    }

    private void fail(String why) {
        String message = Redaction.text(why);
        if (!message.equals(lastFailure)) {
            log.error("Camera list {}: {}; keeping the current cameras until it is fixed", file, message);
            lastFailure = message;
        }
    }

    private Fingerprint stat() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Fingerprint(a.lastModifiedTime(), a.size(), a.fileKey());
        } catch (IOException e) {
            return null;
        }
    }

    private WatchKey sleep(long nanos) throws InterruptedException {
        synchronized (sleeper) {
            if (!closed) {
                TimeUnit.NANOSECONDS.timedWait(sleeper, nanos);
            }
        }
        return null;
    }

    /** Stops watching; waits briefly for a reload in progress to finish. Idempotent. */
    @Override
    public void close() {
        closed = true;
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        if (watch != null) {
            try {
                watch.close(); // wakes the thread's poll
            } catch (IOException e) {
                log.debug("Camera list {}: closing the watch service failed", file, e);
            }
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
