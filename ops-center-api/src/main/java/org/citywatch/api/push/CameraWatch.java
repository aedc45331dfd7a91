package org.citywatch.api.push;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.source.CameraFleet;
import org.citywatch.ingest.source.CameraStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns camera status changes into push events. Ingest has no status listener, so the fleet's snapshot (cheap:
 * one record per camera) is compared with the previous one at a fixed interval: a camera whose status differs, a
 * camera that appeared, and one that went away (as STOPPED) each give one event. The first snapshot is the
 * baseline and gives none. A status that changes and changes back between two looks is not seen: a camera that
 * retries quickly stays "offline" to the operator, which is what it is.
 */
public final class CameraWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CameraWatch.class);

    private record Seen(Camera camera, CameraStatus status) {
    }

    private final Supplier<List<CameraFleet.Entry>> fleet;
    private final PushHub hub;
    private final ScheduledExecutorService timer;
    private Map<String, Seen> seen; // null until the baseline; touched by one thread at a time (start, then the timer)

    private CameraWatch(Supplier<List<CameraFleet.Entry>> fleet, PushHub hub) {
        this.fleet = fleet;
        this.hub = hub;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("push-camera-watch").factory());
    }

    /**
     * Takes the baseline now, on the caller's thread (so that cameras started after this call each give an event),
     * then looks every {@code every}.
     */
    public static CameraWatch start(Supplier<List<CameraFleet.Entry>> fleet, PushHub hub, Duration every) {
        CameraWatch w = new CameraWatch(fleet, hub);
        w.look();
        w.timer.scheduleWithFixedDelay(w::look, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return w;
    }

    private void look() {
        try {
            Map<String, Seen> now = new HashMap<>();
            for (CameraFleet.Entry e : fleet.get()) {
                CameraStatus status = e.health().status();
                Seen before = seen == null ? null : seen.get(e.camera().id());
                now.put(e.camera().id(), new Seen(e.camera(), status));
                if (seen != null && (before == null || before.status() != status)) {
                    hub.cameraStatus(e.camera(), status, e.health().reason(), e.health().since());
                }
            }
            if (seen != null) {
                for (Map.Entry<String, Seen> old : seen.entrySet()) {
                    if (!now.containsKey(old.getKey()) && old.getValue().status() != CameraStatus.STOPPED) {
                        hub.cameraStatus(old.getValue().camera(), CameraStatus.STOPPED,
                                Optional.of("removed from the camera list"), Instant.now());
                    }
                }
            }
            seen = now;
        } catch (RuntimeException e) {
            log.error("Camera status watch failed; it looks again at the next interval", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
