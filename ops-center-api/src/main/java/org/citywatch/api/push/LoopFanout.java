package org.citywatch.api.push;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients whose connections live on one event loop, and the events waiting to reach them. The hub hands over
 * each event once ({@link #offer}); one task on the loop then writes every waiting event to every client of the
 * loop, so a burst of events costs one task, not one per event and client, and no client is written to from
 * another thread. Each write is a view of the event's shared bytes: no per-client JSON or encoding.
 *
 * <p>Bounded: a client whose send queue is full when an event is due falls behind: the fan-out passes it by, and it
 * reads from the replay ring at its own pace (the ring is shared: a client behind costs no memory of its own beyond
 * its queue). If it has not caught up within {@code maxBehind}, or the ring moved past it, it is disconnected ("too
 * slow"). If the loop itself falls behind by more events than the ring holds, its clients are disconnected and
 * resume from the ring when they reconnect.
 */
final class LoopFanout {

    private static final Logger log = LoggerFactory.getLogger(LoopFanout.class);
    /** Replayed events taken from the ring per step: a step never holds the hub's lock long. */
    private static final int REPLAY_STEP = 64;
    /**
     * Events written per task at most: a loop that fell behind catches up in tasks of bounded length (about 32 x the
     * clients' writes), so that the other work of the loop (HTTP requests of the API, new connections, closes) waits
     * for one task, not for the whole backlog.
     */
    private static final int MAX_BATCH = 32;
    static final short TOO_SLOW = 1008;
    /** WebSocket close code 1008, policy violation: also what a stream whose token expired is closed with. */
    static final short POLICY = 1008;
    static final short GOING_AWAY = 1001;

    private final PushHub hub;
    private final Context context;
    private final int maxPending;
    private final long coalesceNanos;
    private final long maxBehindNanos;
    private long lastFanOut = Long.MIN_VALUE / 2; // on the loop
    private final ConcurrentLinkedQueue<PushEvent> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean overflowed;
    private final List<PushEvent> batch = new ArrayList<>();
    /** Copied on change (rare), iterated on every drain; touched on the loop only. */
    private PushClient[] clients = new PushClient[0];
    private long heartbeatTimer = -1;
    private long behindTimer = -1;

    LoopFanout(PushHub hub, Context context, PushSettings settings) {
        this.hub = hub;
        this.context = context;
        this.maxPending = settings.replayEvents();
        this.coalesceNanos = settings.coalesce().toNanos();
        this.maxBehindNanos = settings.maxBehind().toNanos();
        // Set from the loop's context, so that the timers fire on it. Clients behind are checked every second too,
        // so that one that stopped reading goes even while no event comes.
        long heartbeatMillis = settings.heartbeat().toMillis();
        context.runOnContext(v -> {
            heartbeatTimer = context.owner().setPeriodic(heartbeatMillis, id -> heartbeat());
            behindTimer = context.owner().setPeriodic(1000, id -> checkBehind(System.nanoTime()));
        });
    }

    /** Any thread (the hub calls it under its lock, so events arrive in the hub's order). */
    void offer(PushEvent e) {
        if (pendingCount.incrementAndGet() > maxPending) {
            pendingCount.decrementAndGet();
            overflowed = true;
        } else {
            pending.offer(e);
        }
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    /** On the loop: fans out now, or once the coalescing interval since the last fan-out has passed. */
    private void drain() {
        long wait = lastFanOut + coalesceNanos - System.nanoTime();
        if (wait > 0) {
            // Still scheduled: events arriving meanwhile join this fan-out.
            context.owner().setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)), id -> drainNow());
        } else {
            drainNow();
        }
    }

    private void drainNow() {
        lastFanOut = System.nanoTime();
        scheduled.set(false);
        try {
            fanOut();
        } finally {
            // More than one batch waits: the loop is behind, so no coalescing wait.
            if (!pending.isEmpty() && scheduled.compareAndSet(false, true)) {
                context.runOnContext(v -> drainNow());
            }
        }
    }

    private void fanOut() {
        batch.clear();
        for (PushEvent e; batch.size() < MAX_BATCH && (e = pending.poll()) != null; ) {
            batch.add(e);
        }
        pendingCount.addAndGet(-batch.size());
        if (overflowed) {
            overflowed = false;
            log.warn("The push fan-out fell {}+ events behind; disconnecting its {} client(s), which resume on "
                    + "reconnect", maxPending, clients.length);
            for (PushClient c : clients) {
                drop(c, "server overloaded");
            }
            batch.clear();
            int gone = 0;
            while (pending.poll() != null) {
                gone++;
            }
            pendingCount.addAndGet(-gone);
            return;
        }
        if (batch.isEmpty()) {
            return;
        }
        long sent = 0;
        long now = System.nanoTime();
        for (PushClient c : clients) {
            if (!c.live || c.closed) {
                continue; // catching up: it reads these from the ring in order
            }
            for (PushEvent e : batch) {
                if (e.seq() <= c.lastSeq) {
                    continue; // replayed already
                }
                if (c.filter.accepts(e)) {
                    if (c.full()) {
                        fallBehind(c, now);
                        break;
                    }
                    c.write(e);
                    sent++;
                }
                c.lastSeq = e.seq();
            }
            c.flush();
        }
        checkBehind(now);
        hub.fannedOut(batch, sent);
        batch.clear();
    }

    /**
     * A live client whose queue is full: the fan-out passes it by from now on, and it catches up from the ring when
     * its queue has room (so a burst, or a pause of the client or of this server, costs nobody an event).
     */
    private void fallBehind(PushClient c, long now) {
        c.live = false;
        c.behindSince = now;
        hub.clientFellBehind();
        c.flush();
        c.onDrain(v -> catchUp(c));
    }

    /** Disconnects the clients that fell behind more than {@code maxBehind} ago and have not caught up. */
    private void checkBehind(long now) {
        for (PushClient c : clients) {
            if (!c.closed && !c.live && c.behindSince != 0 && now - c.behindSince > maxBehindNanos) {
                drop(c, "too slow");
            }
        }
    }

    /** On the loop: the client joins, after {@code afterSeq} (and a gap message if {@code gap}), then goes live. */
    void join(PushClient c, long afterSeq, boolean gap) {
        c.lastSeq = afterSeq;
        c.gapPending = gap;
        c.onClose(v -> remove(c));
        PushClient[] next = Arrays.copyOf(clients, clients.length + 1);
        next[clients.length] = c;
        clients = next;
        catchUp(c);
    }

    /** Replays from the ring while the client's queue has room; goes live once nothing is left. */
    private void catchUp(PushClient c) {
        while (!c.closed) {
            List<PushEvent> step = hub.replayAfter(c.lastSeq, REPLAY_STEP);
            if (step == null) {
                drop(c, "too slow"); // the ring moved past what it had not read yet
                return;
            }
            if (step.isEmpty()) {
                if (c.gapPending) {
                    c.gapPending = false;
                    c.writeGap(hub.gapMessage());
                }
                c.live = true;
                c.behindSince = 0;
                c.onDrain(null);
                return;
            }
            long sent = 0;
            for (PushEvent e : step) {
                if (c.full()) {
                    c.flush();
                    hub.replayed(sent);
                    c.onDrain(v -> catchUp(c));
                    return;
                }
                c.lastSeq = e.seq();
                if (c.filter.accepts(e)) {
                    c.write(e);
                    sent++;
                }
            }
            c.flush();
            hub.replayed(sent);
        }
    }

    private void heartbeat() {
        for (PushClient c : clients) {
            if (!c.closed && !c.full()) {
                c.heartbeat();
            }
        }
    }

    private void drop(PushClient c, String reason) {
        if (c.closed) {
            return;
        }
        log.warn("Push {} disconnected: {}", c, reason);
        hub.dropped(c.transport);
        remove(c);
        c.disconnect(TOO_SLOW, reason);
    }

    /**
     * On the loop: ends a client's stream for a reason of its own (its token expired, its user was removed); not
     * counted as dropped: it did nothing wrong, and may reconnect once signed in again.
     */
    void end(PushClient c, String reason) {
        if (c.closed) {
            return;
        }
        log.info("Push {} ended: {}", c, reason);
        remove(c);
        c.end(POLICY, reason);
    }

    private void remove(PushClient c) {
        if (c.closed) {
            return;
        }
        c.closed = true;
        hub.left(c.transport);
        c.released();
        int i = Arrays.asList(clients).indexOf(c);
        if (i >= 0) {
            PushClient[] next = new PushClient[clients.length - 1];
            System.arraycopy(clients, 0, next, 0, i);
            System.arraycopy(clients, i + 1, next, i, clients.length - i - 1);
            clients = next;
        }
    }

    /** Any thread: asks the loop to close its clients (the server stops); completes once it has. */
    CompletableFuture<Void> closeAll() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            context.owner().cancelTimer(heartbeatTimer);
            context.owner().cancelTimer(behindTimer);
            for (PushClient c : clients) {
                remove(c);
                c.disconnect(GOING_AWAY, "server stopping");
            }
            done.complete(null);
        });
        return done;
    }
}
