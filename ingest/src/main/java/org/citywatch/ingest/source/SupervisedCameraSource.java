package org.citywatch.ingest.source;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.citywatch.ingest.camera.Camera;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reconnect loop, shared by every kind of source (as mediamtx does): start a {@link StreamSession},
 * watch its media, and when it ends, enter RETRYING (or UNAUTHORIZED / UNSUPPORTED) with the reason and
 * start a new session after a capped, jittered backoff. A session that stays connected without media is
 * STALLED, and dropped after {@code stallTimeout}. No thread of its own: timers run on a shared
 * scheduler, so a thousand cameras cost a thousand small objects, not a thousand threads.
 *
 * <p>A failure is logged once per distinct reason, with the camera id.
 */
public final class SupervisedCameraSource implements CameraSource {

    private static final Logger log = LoggerFactory.getLogger(SupervisedCameraSource.class);

    /** When a camera counts as stalled, and when a stalled session is given up. */
    public record StallPolicy(Duration stallAfter, Duration stallTimeout) {
        public static StallPolicy defaults() {
            return new StallPolicy(Duration.ofSeconds(10), Duration.ofSeconds(30));
        }
    }

    private final Camera camera;
    private final Supplier<StreamSession> sessions;
    private final Backoff backoff;
    private final Duration slowRetry;
    private final StallPolicy stall;
    private final ScheduledExecutorService scheduler;
    private final RateMeter rate = new RateMeter();
    private final RateMeter byteRate = new RateMeter();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong packetsLost = new AtomicLong();

    private volatile State state = new State(CameraStatus.STOPPED, Optional.of("not started"), Instant.now());
    private volatile long lastMediaNanos;
    private volatile Instant lastFrameAt;
    private volatile Instant lastKeyframeAt;
    private volatile long lastKeyframeNanos;
    private volatile java.time.Duration keyframeInterval;

    // Guarded by this.
    private boolean running;
    private long generation;            // which session events belong to; older ones are ignored
    private StreamSession session;
    private ScheduledFuture<?> retryTimer;
    private ScheduledFuture<?> stallTimer;
    private String lastLoggedReason;

    private record State(CameraStatus status, Optional<String> reason, Instant since) {
    }

    /**
     * @param slowRetry the wait before retrying a camera that refused our credentials or our codec
     */
    public SupervisedCameraSource(Camera camera, Supplier<StreamSession> sessions, Backoff backoff, Duration slowRetry,
                                  StallPolicy stall, ScheduledExecutorService scheduler) {
        this.camera = Objects.requireNonNull(camera);
        this.sessions = Objects.requireNonNull(sessions);
        this.backoff = Objects.requireNonNull(backoff);
        this.slowRetry = Objects.requireNonNull(slowRetry);
        this.stall = Objects.requireNonNull(stall);
        this.scheduler = Objects.requireNonNull(scheduler);
    }

    @Override
    public Camera camera() {
        return camera;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        long checkMillis = Math.max(200, stall.stallAfter().toMillis() / 4);
        stallTimer = scheduler.scheduleWithFixedDelay(this::checkStall, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
        connect();
    }

    @Override
    public void stop() {
        StreamSession toClose;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            generation++;
            toClose = session;
            session = null;
            cancel(retryTimer);
            cancel(stallTimer);
            setState(CameraStatus.STOPPED, Optional.of("stopped"));
        }
        if (toClose != null) {
            toClose.close();
        }
    }

    @Override
    public CameraHealth health() {
        State s = state;
        long now = System.nanoTime();
        return new CameraHealth(s.status(), s.reason(), s.since(), frames.get(), rate.rate(now), reconnects.get(),
                Optional.ofNullable(lastFrameAt), byteRate.rate(now) * 8 / 1000, packetsLost.get(),
                Optional.ofNullable(keyframeInterval), Optional.ofNullable(lastKeyframeAt));
    }

    private synchronized void connect() {
        if (!running) {
            return;
        }
        long gen = ++generation;
        setState(CameraStatus.CONNECTING, Optional.empty());
        StreamSession s;
        try {
            s = sessions.get();
        } catch (RuntimeException e) {
            onEnded(gen, new SessionEnd.Failed(FailureReasons.describe(e)));
            return;
        }
        session = s;
        lastMediaNanos = System.nanoTime();
        s.start(new StreamSession.Events() {
            @Override
            public void media(long receivedNanos, int bytes, boolean keyframe) {
                onMedia(gen, receivedNanos, bytes, keyframe);
            }

            @Override
            public void packetsLost(long count) {
                packetsLost.addAndGet(count);
            }

            @Override
            public void ended(SessionEnd end) {
                onEnded(gen, end);
            }
        });
    }

    private void onMedia(long gen, long nanos, int bytes, boolean keyframe) {
        frames.incrementAndGet();
        rate.mark(nanos);
        byteRate.mark(nanos, bytes);
        lastMediaNanos = nanos;
        lastFrameAt = Instant.now();
        if (keyframe) {
            if (lastKeyframeNanos != 0) {
                keyframeInterval = java.time.Duration.ofNanos(nanos - lastKeyframeNanos);
            }
            lastKeyframeNanos = nanos;
            lastKeyframeAt = lastFrameAt;
        }
        if (state.status() != CameraStatus.STREAMING) {
            synchronized (this) {
                if (gen != generation || !running) {
                    return;
                }
                setState(CameraStatus.STREAMING, Optional.empty());
                backoff.reset();
                if (lastLoggedReason != null) {
                    log.info("Camera {} streaming again", camera.id());
                    lastLoggedReason = null;
                }
            }
        }
    }

    private synchronized void onEnded(long gen, SessionEnd end) {
        if (gen != generation || !running) {
            return; // a session we already left behind, or we are stopping
        }
        generation++; // anything this session still says from now on is ignored
        session = null;
        reconnects.incrementAndGet();
        CameraStatus next = switch (end) {
            case SessionEnd.Unauthorized u -> CameraStatus.UNAUTHORIZED;
            case SessionEnd.Unsupported u -> CameraStatus.UNSUPPORTED;
            case SessionEnd.Failed f -> CameraStatus.RETRYING;
            case SessionEnd.Ended e -> CameraStatus.RETRYING;
        };
        Duration wait = next == CameraStatus.RETRYING ? backoff.next() : slowRetry;
        setState(next, Optional.of(end.reason()));
        if (!end.reason().equals(lastLoggedReason)) {
            log.warn("Camera {} {}: {} (next attempt in {} ms)", camera.id(), next, end.reason(), wait.toMillis());
            lastLoggedReason = end.reason();
        }
        retryTimer = scheduler.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkStall() {
        StreamSession toClose = null;
        synchronized (this) {
            CameraStatus s = state.status();
            if (!running || (s != CameraStatus.STREAMING && s != CameraStatus.STALLED && s != CameraStatus.CONNECTING)) {
                return;
            }
            long silentNanos = System.nanoTime() - lastMediaNanos;
            long timeout = stall.stallAfter().plus(stall.stallTimeout()).toNanos();
            if (silentNanos >= timeout) {
                toClose = session;
                // The limit, not the silence measured (it depends on when the check ran): the same failure
                // must give the same reason, which is logged once.
                String reason = (s == CameraStatus.CONNECTING ? "no media within " : "no media for ")
                        + String.format(java.util.Locale.ROOT, "%.1f s", timeout / 1e9);
                onEnded(generation, new SessionEnd.Failed(reason));
            } else if (s == CameraStatus.STREAMING && silentNanos >= stall.stallAfter().toNanos()) {
                setState(CameraStatus.STALLED, Optional.of(String.format(java.util.Locale.ROOT, "no media for %.1f s", silentNanos / 1e9)));
            }
        }
        if (toClose != null) {
            toClose.close();
        }
    }

    private void setState(CameraStatus status, Optional<String> reason) {
        State s = state;
        if (s.status() != status || !s.reason().equals(reason)) {
            state = new State(status, reason, Instant.now());
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
