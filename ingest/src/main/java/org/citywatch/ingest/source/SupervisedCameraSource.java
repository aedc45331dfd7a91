package org.citywatch.ingest.source;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.citywatch.ingest.camera.Camera;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reconnect loop, shared by every kind of source (as mediamtx does): open a {@link StreamReader},
 * pass its frames to the sink, and when it fails or ends, go OFFLINE with the reason and try again after
 * a capped, jittered backoff. A failure is logged once per distinct reason, with the camera id; a
 * failing sink or a bad stream never leaves this camera's thread.
 */
public final class SupervisedCameraSource implements CameraSource {

    private static final Logger log = LoggerFactory.getLogger(SupervisedCameraSource.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final Camera camera;
    private final Supplier<StreamReader> readers;
    private final FrameSink sink;
    private final Backoff backoff;
    private final RateMeter rate = new RateMeter();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();

    private volatile State state = new State(CameraStatus.STOPPED, Optional.of("not started"), Instant.now());
    private volatile Instant lastFrameAt;
    private volatile boolean running;
    private Thread thread;
    private String lastLoggedReason;
    private boolean sinkFailureLogged;

    private record State(CameraStatus status, Optional<String> reason, Instant since) {
    }

    public SupervisedCameraSource(Camera camera, Supplier<StreamReader> readers, FrameSink sink, Backoff backoff) {
        this.camera = Objects.requireNonNull(camera);
        this.readers = Objects.requireNonNull(readers);
        this.sink = Objects.requireNonNull(sink);
        this.backoff = Objects.requireNonNull(backoff);
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
        // One platform thread per FFmpeg-read camera: FFmpeg blocks in native code (issue 3 moves RTSP to Netty).
        thread = Thread.ofPlatform().daemon().name("camera-" + camera.id()).start(this::loop);
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            t = thread;
        }
        t.interrupt();
        try {
            t.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            log.warn("Camera {}: reader did not stop within {} s; it will exit at its next read", camera.id(),
                    STOP_WAIT.toSeconds());
        }
        setState(CameraStatus.STOPPED, Optional.of("stopped"));
    }

    @Override
    public CameraHealth health() {
        State s = state;
        long now = System.nanoTime();
        return new CameraHealth(s.status(), s.reason(), s.since(), frames.get(), rate.rate(now), reconnects.get(),
                Optional.ofNullable(lastFrameAt));
    }

    private void loop() {
        boolean first = true;
        while (running) {
            if (!first) {
                reconnects.incrementAndGet();
            }
            first = false;
            setState(CameraStatus.CONNECTING, Optional.empty());
            String reason = readUntilFailure();
            if (!running) {
                break;
            }
            setState(CameraStatus.OFFLINE, Optional.of(reason));
            Duration wait = backoff.next();
            if (!reason.equals(lastLoggedReason)) {
                log.warn("Camera {} offline: {} (retrying with backoff, next in {} ms)", camera.id(), reason,
                        wait.toMillis());
                lastLoggedReason = reason;
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                break; // stop() interrupts
            }
        }
    }

    /** Reads frames until the stream fails or ends; returns the reason, redacted. */
    private String readUntilFailure() {
        try (StreamReader reader = readers.get()) {
            reader.open();
            while (running) {
                DecodedFrame frame = reader.next();
                if (frame == null) {
                    return "end of stream";
                }
                onFrame(frame);
            }
            return "stopped";
        } catch (InterruptedException e) {
            return "stopped";
        } catch (Exception | LinkageError e) {
            // LinkageError: a missing native library must not kill the thread silently.
            return FailureReasons.describe(e);
        }
    }

    private void onFrame(DecodedFrame frame) {
        if (state.status() != CameraStatus.STREAMING) {
            setState(CameraStatus.STREAMING, Optional.empty());
            backoff.reset();
            if (lastLoggedReason != null) {
                log.info("Camera {} streaming again", camera.id());
                lastLoggedReason = null;
            }
        }
        frames.incrementAndGet();
        rate.mark(frame.receivedNanos());
        lastFrameAt = Instant.now();
        try {
            sink.onFrame(camera, frame);
        } catch (RuntimeException e) {
            if (!sinkFailureLogged) {
                log.error("Camera {}: frame consumer failed; frames keep flowing", camera.id(), e);
                sinkFailureLogged = true;
            }
        }
    }

    private void setState(CameraStatus status, Optional<String> reason) {
        State s = state;
        if (s.status() != status || !s.reason().equals(reason)) {
            state = new State(status, reason, Instant.now());
        }
    }
}
