package org.citywatch.api.push;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertIds;
import org.citywatch.analytics.pipeline.ScheduleView;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.source.CameraStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live push: every alert event (subscribe {@link #alert} to the alert store) and every camera status change
 * ({@link CameraWatch}) becomes one {@link PushEvent}, serialised once to its bytes, kept in the replay ring and
 * handed to the fan-out of each event loop that has clients ({@link LoopFanout}). Clients join through
 * {@link PushRoutes}.
 *
 * <p>One lock orders everything: an event's sequence number, its place in the ring and its hand-over to the loops
 * are one step, and a joining client takes its starting point under the same lock, so it misses nothing and gets
 * nothing twice. Serialising happens before the lock, on the publisher's thread.
 */
public final class PushHub implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PushHub.class);

    private final PushSettings settings;
    private final PushSessions sessions;
    private final Function<AlertEvent, String> alertJson;
    private final Object lock = new Object();
    private final ReplayRing ring; // guarded by lock
    private final Map<Thread, LoopFanout> loops = new HashMap<>(); // guarded by lock; one per event-loop thread
    private LoopFanout[] loopArray = new LoopFanout[0]; // guarded by lock
    private boolean closed; // guarded by lock

    private final LongAdder alertEvents = new LongAdder();
    private final LongAdder cameraEvents = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder fellBehind = new LongAdder();
    private final Map<Transport, AtomicInteger> clients = new HashMap<>();
    private final Map<Transport, LongAdder> dropped = new HashMap<>();
    private final LagWindow pushLag = new LagWindow(4096);
    private final LagWindow busLag = new LagWindow(4096);

    /**
     * @param alertJson the push message of an alert event ({"type":"alert","event":…,"eventId":…,"alert":{…}}),
     *                  called once per event
     */
    public PushHub(PushSettings settings, Function<AlertEvent, String> alertJson) {
        this.settings = settings;
        this.sessions = new PushSessions(settings.maxStreamsPerUser());
        this.alertJson = alertJson;
        this.ring = new ReplayRing(settings.replayEvents(), settings.replayAge(), System.currentTimeMillis());
        for (Transport t : Transport.values()) {
            clients.put(t, new AtomicInteger());
            dropped.put(t, new LongAdder());
        }
    }

    public PushSettings settings() {
        return settings;
    }

    /** An alert event from the store (any thread; does not block). */
    public void alert(AlertEvent e) {
        busLag.record(millisSince(e.at()));
        publish(PushMessages.alert(e, alertJson.apply(e), System.nanoTime()));
        alertEvents.increment();
    }

    /**
     * A camera's status or analysis (state, role) changed, or the camera appeared or went away; {@code schedule} is
     * its scheduler row, empty when it has none.
     */
    public void camera(Camera camera, CameraStatus status, Optional<String> reason, Instant since,
                       Optional<ScheduleView.Camera> schedule) {
        String id = AlertIds.next(System.currentTimeMillis());
        publish(PushMessages.camera(id, camera, status, reason, since, schedule, Instant.now(), System.nanoTime()));
        cameraEvents.increment();
    }

    private void publish(PushEvent unsequenced) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            PushEvent e = ring.append(unsequenced);
            for (LoopFanout loop : loopArray) {
                loop.offer(e);
            }
        }
    }

    /**
     * On the client's event loop (in its request or WebSocket handler): the client joins the loop's fan-out,
     * starting after {@code since} when given (a replay), else with the next event.
     */
    void join(PushClient client, Optional<String> since) {
        Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()) {
            throw new IllegalStateException("a push client joins on its connection's event loop");
        }
        LoopFanout loop;
        ReplayRing.Start start;
        synchronized (lock) {
            if (closed) {
                client.released();
                client.disconnect(LoopFanout.GOING_AWAY, "server stopping");
                return;
            }
            ring.expire(System.nanoTime());
            start = since.map(ring::start).orElseGet(() -> new ReplayRing.Start(ring.lastSeq(), false));
            loop = loops.get(Thread.currentThread());
            if (loop == null) {
                loop = new LoopFanout(this, context, settings);
                loops.put(Thread.currentThread(), loop);
                loopArray = loops.values().toArray(LoopFanout[]::new);
            }
            clients.get(client.transport).incrementAndGet();
        }
        loop.join(client, start.afterSeq(), start.gap());
        if (client.session != null) {
            LoopFanout joined = loop;
            client.session.attach(reason -> joined.end(client, reason));
        }
    }

    /** The open streams of each signed-in user: at most {@code maxStreamsPerUser}, ended with their token. */
    public PushSessions sessions() {
        return sessions;
    }

    /** Events after {@code seq} for a client catching up, or null when the ring no longer holds the next one. */
    List<PushEvent> replayAfter(long seq, int max) {
        synchronized (lock) {
            ring.expire(System.nanoTime());
            return ring.after(seq, max);
        }
    }

    /** The gap message, as of now. */
    PushMessages.Frames gapMessage() {
        synchronized (lock) {
            String newest = ring.newestId();
            return PushMessages.gap(newest != null ? newest : ring.lostBefore(), EventIds.time(ring.lostBefore()));
        }
    }

    /** A loop wrote a batch: {@code messages} writes in all. */
    void fannedOut(List<PushEvent> batch, long messages) {
        sent.add(messages);
        Instant now = Instant.now();
        for (PushEvent e : batch) {
            if (e.kind() == PushEvent.Kind.ALERT) {
                pushLag.record(Duration.between(e.createdAt(), now).toNanos() / 1e6);
            }
        }
    }

    void replayed(long messages) {
        sent.add(messages);
        replayed.add(messages);
    }

    void clientFellBehind() {
        fellBehind.increment();
    }

    void dropped(Transport t) {
        dropped.get(t).increment();
    }

    void left(Transport t) {
        clients.get(t).decrementAndGet();
    }

    private static double millisSince(Instant at) {
        return Duration.between(at, Instant.now()).toNanos() / 1e6;
    }

    /** Clients connected now. */
    public int clients(Transport t) {
        return clients.get(t).get();
    }

    /** Clients disconnected for being too slow, since start. */
    public long droppedClients(Transport t) {
        return dropped.get(t).sum();
    }

    public long alertEvents() {
        return alertEvents.sum();
    }

    public long cameraEvents() {
        return cameraEvents.sum();
    }

    /** Messages written to clients (live and replayed). */
    public long messagesSent() {
        return sent.sum();
    }

    /** Of which sent from the replay ring: to reconnecting clients, and to clients catching up. */
    public long messagesReplayed() {
        return replayed.sum();
    }

    /** Times a client's queue was full when an event was due (it then caught up from the ring, or was dropped). */
    public long fellBehind() {
        return fellBehind.sum();
    }

    /** Event loops whose clients the hub fans out to (one per loop that ever had a client). */
    public int fanoutLoops() {
        synchronized (lock) {
            return loops.size();
        }
    }

    public int replayHeld() {
        synchronized (lock) {
            return ring.size();
        }
    }

    /** Alert event creation to its fan-out, ms: the {@code q} quantile of the last 4096 (NaN before any). */
    public double pushLagMs(double q) {
        return pushLag.quantile(q);
    }

    /** Alert event creation to this node hearing it on the alert bus, ms: the {@code q} quantile of the last 4096. */
    public double busLagMs(double q) {
        return busLag.quantile(q);
    }

    /**
     * Disconnects every client (1001 for WebSocket) and ignores later events. Waits (a few seconds at most) for the
     * loops to have done it, unless called on an event loop, which must not wait for another.
     */
    @Override
    public void close() {
        List<LoopFanout> all;
        synchronized (lock) {
            closed = true;
            all = new ArrayList<>(loops.values());
        }
        CompletableFuture<?>[] done = all.stream().map(LoopFanout::closeAll).toArray(CompletableFuture[]::new);
        if (!Context.isOnEventLoopThread()) {
            try {
                CompletableFuture.allOf(done).get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("Push clients were not all closed in time: {}", e.toString());
            }
        }
    }
}
