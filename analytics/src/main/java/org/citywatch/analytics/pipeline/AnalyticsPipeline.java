package org.citywatch.analytics.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.bytedeco.opencv.opencv_core.Mat;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertIds;
import org.citywatch.analytics.alert.AlertObject;
import org.citywatch.analytics.alert.AlertStore;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.detect.Detection;
import org.citywatch.analytics.detect.Detector;
import org.citywatch.analytics.rules.CrowdRule;
import org.citywatch.analytics.snapshot.SnapshotRenderer;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.source.DecodedFrame;
import org.citywatch.ingest.source.FrameSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyses camera frames: takes at most {@code framesPerSecond} frames per camera from ingest, runs them
 * through a pool of detectors, feeds the rules, and files alerts with their snapshots.
 *
 * <p>Bounded by construction: each camera holds at most one waiting frame (a newer one replaces it), and
 * the queue of cameras with a waiting frame holds each camera at most once.
 */
public final class AnalyticsPipeline implements FrameSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsPipeline.class);

    private final AnalyticsSettings settings;
    private final AlertStore alerts;
    private final List<Detector> detectors;
    private final List<Thread> workers = new ArrayList<>();
    private final Map<String, CameraSlot> slots = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<CameraSlot> ready = new LinkedBlockingQueue<>();
    private final long intervalNanos;
    private volatile boolean running = true;

    /**
     * Opens {@code settings.workers()} detectors now, on the calling thread, so that a missing or broken
     * model fails start-up with its own message.
     */
    public AnalyticsPipeline(AnalyticsSettings settings, Supplier<Detector> detectorFactory, AlertStore alerts) {
        this.settings = settings;
        this.alerts = alerts;
        this.intervalNanos = (long) (1_000_000_000L / settings.framesPerSecond());
        List<Detector> opened = new ArrayList<>();
        try {
            for (int i = 0; i < settings.workers(); i++) {
                opened.add(detectorFactory.get());
            }
        } catch (RuntimeException e) {
            opened.forEach(Detector::close);
            throw e;
        }
        this.detectors = List.copyOf(opened);
        for (int i = 0; i < detectors.size(); i++) {
            Detector detector = detectors.get(i);
            workers.add(Thread.ofPlatform().daemon().name("analytics-" + i).start(() -> work(detector)));
        }
    }

    /** Called on each camera's reader thread: keeps a copy of the frame if one is due. */
    @Override
    public void onFrame(Camera camera, DecodedFrame frame) {
        if (!running) {
            return;
        }
        CameraSlot slot = slots.computeIfAbsent(camera.id(), id -> new CameraSlot(camera, settings.crowd()));
        if (slot.camera != camera) {
            slot.camera = camera; // renamed or moved at run time: alerts carry the current name
        }
        long now = frame.receivedNanos();
        if (slot.lastAcceptedNanos != Long.MIN_VALUE && now - slot.lastAcceptedNanos < intervalNanos) {
            return;
        }
        slot.lastAcceptedNanos = now;
        Mat view = slot.converter.convert(frame.frame());
        if (view == null || view.empty() || view.channels() != 3) {
            return;
        }
        CameraSlot.Pending fresh = new CameraSlot.Pending(view.clone(), now, Instant.now());
        CameraSlot.Pending old = slot.pending.getAndSet(fresh);
        if (old == null) {
            ready.offer(slot);
        } else {
            old.frame().close();
            slot.dropped++;
        }
    }

    private void work(Detector detector) {
        while (running) {
            CameraSlot slot;
            try {
                slot = ready.take();
            } catch (InterruptedException e) {
                return;
            }
            CameraSlot.Pending p = slot.pending.getAndSet(null);
            if (p == null) {
                continue;
            }
            // One worker per camera at a time: the rule state is not shared across threads.
            synchronized (slot) {
                try (Mat frame = p.frame()) {
                    analyse(slot, p, frame, detector);
                } catch (RuntimeException e) {
                    reportFailure(slot, e);
                }
            }
        }
    }

    /** A failed frame fails only itself; each camera logs each distinct failure once, then counts it. */
    private static void reportFailure(CameraSlot slot, RuntimeException e) {
        slot.failedFrames++;
        String message = String.valueOf(e.getMessage());
        if (!message.equals(slot.lastFailure)) {
            slot.lastFailure = message;
            log.error("Camera {}: analysis of a frame failed ({}); the next frames continue, further failures "
                    + "like this one are only counted", slot.camera.id(), message, e);
        }
    }

    private void analyse(CameraSlot slot, CameraSlot.Pending p, Mat frame, Detector detector) {
        List<Detection> detections = detector.detect(frame);
        slot.analysed++;
        slot.lastAnalysedAt = Instant.now();
        slot.lastObjectCount = detections.size();

        Optional<CrowdRule.Hit> hit = slot.crowd.update(p.receivedNanos(), detections);
        hit.ifPresent(h -> raiseCrowd(slot.camera, p, frame, h));

        if (slot.lastLatestNanos == Long.MIN_VALUE
                || p.receivedNanos() - slot.lastLatestNanos >= settings.latestImageInterval().toNanos()) {
            slot.lastLatestNanos = p.receivedNanos();
            slot.latest = new LatestView(SnapshotRenderer.render(frame, detections), detections, slot.lastAnalysedAt,
                    frame.cols(), frame.rows());
        }
    }

    private void raiseCrowd(Camera camera, CameraSlot.Pending p, Mat frame, CrowdRule.Hit hit) {
        long heldMillis = (p.receivedNanos() - hit.sinceNanos()) / 1_000_000;
        Instant startedAt = p.receivedAt().minusMillis(heldMillis);
        List<AlertObject> objects = hit.personsInView().stream()
                .map(d -> new AlertObject(d.label(), d.score(), d.box().x1(), d.box().y1(), d.box().x2(), d.box().y2()))
                .toList();
        String message = String.format(Locale.ROOT, "%d persons in view for %.1f s", hit.persons(), heldMillis / 1000.0);
        Alert alert = new Alert(AlertIds.next(System.currentTimeMillis()), camera.id(), camera.name(), AlertType.CROWD,
                settings.crowdSeverity(), startedAt, Instant.now(), message, objects, frame.cols(), frame.rows());
        byte[] snapshot = SnapshotRenderer.render(frame, hit.personsInView());
        alerts.add(alert, snapshot);
        log.info("Alert {} {} on camera {}: {}", alert.id(), alert.type(), camera.id(), message);
    }

    /** Drops what is kept for a camera that was removed. */
    public void forget(String cameraId) {
        CameraSlot slot = slots.remove(cameraId);
        if (slot != null) {
            CameraSlot.Pending p = slot.pending.getAndSet(null);
            if (p != null) {
                p.frame().close();
            }
        }
    }

    /** The camera's latest analysed frame, once it has one. */
    public Optional<LatestView> latest(String cameraId) {
        CameraSlot slot = slots.get(cameraId);
        return slot == null ? Optional.empty() : Optional.ofNullable(slot.latest);
    }

    public Optional<CameraAnalysisStats> stats(String cameraId) {
        CameraSlot slot = slots.get(cameraId);
        return slot == null ? Optional.empty() : Optional.of(slot.stats());
    }

    @Override
    public void close() {
        running = false;
        workers.forEach(Thread::interrupt);
        for (Thread t : workers) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (CameraSlot slot : slots.values()) {
            CameraSlot.Pending p = slot.pending.getAndSet(null);
            if (p != null) {
                p.frame().close();
            }
        }
        detectors.forEach(Detector::close);
    }
}
