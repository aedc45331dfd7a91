package org.citywatch.analytics.alert.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertQuery;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.analytics.alert.PublishResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where alert events wait while Redis is unreachable: a bounded append-only file ({@link JournalFile}) and, beside it,
 * a local view of the alerts it holds so that {@code get} and {@code query} still show them. Once an event is here,
 * every later one goes here too until the whole journal has been replayed ({@link #addIfPending}), so the events of
 * a camera reach Redis in the order they were published. The replayer empties it: {@link #replay}.
 *
 * <p>When the bound is reached new events are refused ({@link AlertJournalFullException}, logged once per outage and
 * counted) and what is journalled is kept. The other way, dropping the oldest lines, would silently lose events
 * whose writers were already told JOURNALLED (an alert raised at the start of the outage would vanish while its
 * later updates survive) and would break the replay's order; a refused event is one its caller knows about and can
 * publish again (the incident tracker does on its next frame). At the default 256 MiB and ~1 KiB per event that is
 * about a quarter of a million events before anything is refused.
 */
final class AlertJournal implements AutoCloseable {

    /** Replays one event into Redis: true if appended, false if Redis already held that version (or a newer one);
     * throws when Redis cannot be reached (the replay stops there and resumes later). */
    interface Sink {
        boolean append(AlertEvent event, String json);
    }

    /** What one {@link #replay} did. */
    record Replayed(int appended, int alreadyThere, int malformed, boolean drained) {
    }

    private static final Logger log = LoggerFactory.getLogger(AlertJournal.class);
    private static final int BATCH = 256;

    private final JournalFile file;
    private final AlertEventCodec codec;
    private final int maxAlerts;
    private volatile InMemoryAlertStore view;
    private volatile long replayedUpTo; // written by the replayer thread only: bytes of the file already replayed
    private boolean fullLogged;
    private final AtomicLong journalled = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    private AlertJournal(JournalFile file, AlertEventCodec codec, int maxAlerts) {
        this.file = file;
        this.codec = codec;
        this.maxAlerts = maxAlerts;
        this.view = new InMemoryAlertStore(maxAlerts);
    }

    /** Opens (or creates) the journal in {@code dir}; what a previous process left in it is shown again at once and
     * replayed when Redis answers. */
    static AlertJournal open(Path dir, long maxBytes, int maxAlerts, AlertEventCodec codec) throws IOException {
        AlertJournal j = new AlertJournal(JournalFile.open(dir, maxBytes), codec, maxAlerts);
        int loaded = 0;
        for (long pos = 0, size = j.file.size(); pos < size; ) {
            List<JournalFile.Line> lines = j.file.read(pos, size, BATCH);
            for (JournalFile.Line line : lines) {
                try {
                    j.view.publish(codec.decode(line.text()));
                    loaded++;
                } catch (IllegalArgumentException e) {
                    log.warn("Alert journal {}: an entry at byte {} is malformed ({}); it will be skipped",
                            j.file.path(), pos, e.getMessage());
                }
                pos = line.end();
            }
        }
        if (loaded > 0) {
            log.info("Alert journal {}: {} events ({} bytes) left by the previous run, replayed when Redis answers",
                    j.file.path(), loaded, j.file.size());
        }
        return j;
    }

    synchronized boolean isEmpty() {
        return file.size() == 0;
    }

    /** Journals the event if the journal already holds some (to keep each camera's order), else returns null and
     * the caller may publish it to Redis directly. */
    synchronized PublishResult addIfPending(AlertEvent event, String json) {
        return isEmpty() ? null : add(event, json);
    }

    /**
     * Journals the event (Redis is unreachable), unless the local view already holds this version of its alert or a
     * newer one (STALE).
     *
     * @throws AlertJournalFullException at the bound
     */
    synchronized PublishResult add(AlertEvent event, String json) {
        Optional<Alert> local = view.get(event.alert().id());
        if (local.isPresent() && local.get().version() >= event.alert().version()) {
            return PublishResult.STALE;
        }
        byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
        if (file.wouldOverflow(line.length)) {
            refused.incrementAndGet();
            if (!fullLogged) {
                fullLogged = true;
                log.error("Alert journal {} is full ({} MiB) while Redis is unreachable: new alert events are "
                        + "REFUSED until Redis is back (the journalled ones are kept and will be replayed)",
                        file.path(), file.maxBytes() / (1024 * 1024));
            }
            throw new AlertJournalFullException("Redis is unreachable and the alert journal is full ("
                    + file.maxBytes() / (1024 * 1024) + " MiB): event " + event.eventId() + " refused");
        }
        file.append(line);
        view.publish(event);
        journalled.incrementAndGet();
        return PublishResult.JOURNALLED;
    }

    Optional<Alert> get(String id) {
        return view.get(id);
    }

    List<Alert> query(AlertQuery q) {
        return view.query(q);
    }

    /**
     * Replays journalled events into {@code sink}, oldest first, until the journal is empty (then truncated and its
     * local view cleared) or the sink throws (the position is kept; the next call resumes there, and a line replayed
     * twice is found in Redis already). The last lines are replayed under the journal's lock, so that publishers
     * cannot keep it from ever emptying; they wait for at most one batch. Replayer thread only.
     */
    Replayed replay(Sink sink) {
        int[] counts = new int[3];
        while (true) {
            long size = file.size();
            List<JournalFile.Line> lines = file.read(replayedUpTo, size, BATCH);
            if (lines.size() < BATCH || lines.getLast().end() == size) {
                synchronized (this) {
                    size = file.size();
                    List<JournalFile.Line> tail = file.read(replayedUpTo, size, BATCH);
                    if (tail.isEmpty() || tail.getLast().end() == size) {
                        replayLines(tail, sink, counts);
                        file.truncate();
                        replayedUpTo = 0;
                        view = new InMemoryAlertStore(maxAlerts);
                        fullLogged = false;
                        return new Replayed(counts[0], counts[1], counts[2], true);
                    }
                }
                continue; // it grew meanwhile: go on without the lock
            }
            replayLines(lines, sink, counts);
        }
    }

    private void replayLines(List<JournalFile.Line> lines, Sink sink, int[] counts) {
        for (JournalFile.Line line : lines) {
            AlertEvent e;
            try {
                e = codec.decode(line.text());
            } catch (IllegalArgumentException ex) {
                log.warn("Alert journal {}: entry at byte {} skipped, malformed ({})", file.path(), replayedUpTo,
                        ex.getMessage());
                counts[2]++;
                replayedUpTo = line.end();
                continue;
            }
            if (sink.append(e, line.text())) {
                counts[0]++;
            } else {
                counts[1]++;
            }
            replayedUpTo = line.end();
        }
    }

    /** Bytes waiting to be replayed. */
    synchronized long pendingBytes() {
        return file.size() - replayedUpTo;
    }

    long journalled() {
        return journalled.get();
    }

    long refused() {
        return refused.get();
    }

    void forceIfDirty() {
        file.forceIfDirty();
    }

    @Override
    public void close() {
        file.close();
    }
}
