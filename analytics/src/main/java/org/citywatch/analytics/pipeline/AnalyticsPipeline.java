package org.citywatch.analytics.pipeline;


import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.bytedeco.opencv.opencv_core.Mat;
import org.citywatch.analytics.alert.AlertStore;
import org.citywatch.analytics.alert.EvidenceStore;
import org.citywatch.analytics.incident.ClipMaker;
import org.citywatch.analytics.incident.IncidentSettings;
import org.citywatch.analytics.incident.Incidents;
import org.citywatch.analytics.rules.CameraRules;
import org.citywatch.analytics.rules.CrossingSink;
import org.citywatch.analytics.rules.SceneRules;
import org.citywatch.analytics.detect.Detector;
import org.citywatch.analytics.detect.FrameDetections;
import org.citywatch.analytics.snapshot.SnapshotRenderer;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.source.DecodedFrame;
import org.citywatch.ingest.source.FrameSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyses camera frames. The {@link ScheduleDriver} decides which cameras are analysed and at what rate; a
 * frame of such a camera that is due is copied (scaled to {@link AnalyticsSettings#analysisWidth()} in the same
 * step) into one of the camera's reusable buffers; a pool of workers, each with its own detector, takes the
 * waiting frames of up to {@link Detector#maxBatch()} cameras at a time, drops any that waited longer than one
 * analysis interval, runs the motion gate, detects the rest in one batch, and feeds the camera's tracker and rules.
 *
 * <p>Bounded by construction: each camera holds at most one waiting frame (a newer one replaces it) in three
 * preallocated buffers, and the queue of cameras with a waiting frame holds each camera at most twice. A slow
 * detector lowers the rate the scheduler grants (it measures the workers' capacity), never grows a queue.
 */
public final class AnalyticsPipeline implements FrameSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsPipeline.class);

    private final AnalyticsSettings settings;
    private final List<Detector> detectors;
    private final List<Thread> workers = new ArrayList<>();
    private final Map<String, CameraSlot> slots = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<CameraSlot> ready = new LinkedBlockingQueue<>();
    private final CapacityMeter capacity;
    private final LatencyWindow latency = new LatencyWindow();
    private final ScheduleDriver schedule;
    private final FrameAnalysis analysis;
    private final Incidents incidents;
    private final SceneRules sceneRules;
    private final LiveViews liveViews;
    private volatile boolean running = true;
    /** How long one request for a camera's live image keeps it live; the dashboard asks once a second. */
    static final Duration LIVE_VIEW_LEASE = Duration.ofSeconds(5);

    /**
     * Opens the detectors now, on the calling thread, so that a missing or broken model fails start-up with its
     * own message.
     *
     * @param decode told which cameras start and stop being analysed (ingest decodes those in full)
     */
    public AnalyticsPipeline(AnalyticsSettings settings, Supplier<Detector> detectorFactory, Incidents incidents,
                             SceneRules sceneRules, CrossingSink crossings, DecodeControl decode) {
        this.settings = settings;
        this.incidents = incidents;
        this.sceneRules = sceneRules;
        this.liveViews = new LiveViews(settings.liveViews(), LIVE_VIEW_LEASE, decode);
        int n = settings.effectiveWorkers();
        List<Detector> opened = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                opened.add(detectorFactory.get());
            }
        } catch (RuntimeException e) {
            opened.forEach(Detector::close);
            throw e;
        }
        this.detectors = List.copyOf(opened);
        this.capacity = new CapacityMeter(n);
        this.schedule = new ScheduleDriver(settings.schedule(), decode, capacity::framesPerSecond);
        this.analysis = new FrameAnalysis(settings, crossings, schedule);
        settings.pinned().forEach(id -> schedule.pin(id, true));
        for (int i = 0; i < detectors.size(); i++) {
            Detector detector = detectors.get(i);
            workers.add(Thread.ofPlatform().daemon().name("analytics-" + i).start(() -> work(detector)));
        }
        schedule.start(id -> {
            CameraSlot slot = slots.get(id);
            return slot == null ? 0L : slot.analysed;
        }, () -> liveViews.expire(System.nanoTime()));
        log.info("Analytics: {} worker(s) x {} ONNX Runtime thread(s), batches of up to {}, at most {} streams at "
                        + "{} fps, patrol dwell {} s, motion gate {}", n, settings.intraOpThreads(),
                detectors.get(0).maxBatch(), settings.schedule().maxConcurrentStreams(),
                settings.schedule().targetFps(), settings.schedule().patrolDwell().toSeconds(),
                settings.motionGate() ? "on" : "off");
    }

    /**
     * A pipeline with no rules (detection and tracking only) that does not steer ingest's decoding (every frame a
     * source decodes is offered); alerts would go to {@code alerts}, without evidence.
     */
    public AnalyticsPipeline(AnalyticsSettings settings, Supplier<Detector> detectorFactory, AlertStore alerts) {
        this(settings, detectorFactory, alerts, DecodeControl.NONE);
    }

    /** As {@link #AnalyticsPipeline(AnalyticsSettings, Supplier, AlertStore)}, steering ingest's decoding. */
    public AnalyticsPipeline(AnalyticsSettings settings, Supplier<Detector> detectorFactory, AlertStore alerts,
                             DecodeControl decode) {
        this(settings, detectorFactory, new Incidents(IncidentSettings.defaults(), alerts, EvidenceStore.DISCARD,
                ClipMaker.NONE), SceneRules.NONE, CrossingSink.NONE, decode);
    }

    /** The cameras the scheduler shares its slots among (call at start and after every camera list change). */
    public void setCameras(Collection<Camera> cameras) {
        for (Camera c : cameras) {
            CameraSlot slot = slots.get(c.id());
            if (slot != null) {
                Camera before = slot.camera;
                slot.camera = c; // renamed or moved at run time: alerts carry the current name
                if (!before.scene().equals(c.scene())) {
                    slot.replaceRules(sceneRules.rulesFor(c)); // a new scene starts its rules afresh
                }
                incidents.forCamera(c, slot.rules.outlines());
            }
        }
        schedule.setCameras(cameras);
    }

    /** An operator pins a camera to live analysis, or unpins it. */
    public void pin(String cameraId, boolean pinned) {
        schedule.pin(cameraId, pinned);
    }

    /**
     * Somebody is looking at the camera's live image (the API calls this on each request for it, about once a
     * second per tile): for {@link #LIVE_VIEW_LEASE} after the last call, a camera that is not analysed refreshes
     * its image about once a second rather than every {@link AnalyticsSettings#THUMBNAIL_INTERVAL}.
     *
     * @return false when the cap on live views ({@code analytics.liveViews}) is reached: the image stays slow
     */
    public boolean viewing(String cameraId) {
        if (schedule.isAnalysed(cameraId)) {
            return true; // decoded in full already, and its image refreshed by the analysis: no lease needed
        }
        return liveViews.renew(cameraId, System.nanoTime()) != LiveViews.Renewal.REFUSED;
    }

    /** Cameras viewed live now, and live views refused so far for want of room. */
    public LiveViewFigures liveViews() {
        return new LiveViewFigures(liveViews.count(), liveViews.max(), liveViews.refused());
    }

    /** Called on the camera's reader thread: copies the frame if the scheduler wants it now. */
    @Override
    public void onFrame(Camera camera, DecodedFrame frame) {
        if (!running) {
            return;
        }
        CameraSlot slot = slots.get(camera.id());
        if (slot == null) {
            slot = slots.computeIfAbsent(camera.id(), id -> {
                CameraRules rules = sceneRules.rulesFor(camera);
                return new CameraSlot(camera, settings, rules, incidents.forCamera(camera, rules.outlines()));
            });
        }
        if (!slot.use()) {
            return;
        }
        try {
            long now = frame.receivedNanos();
            long pts = frame.timestampMicros();
            if (slot.lastPtsMicros != Long.MIN_VALUE && pts < slot.lastPtsMicros) {
                slot.jumped.set(true);
            }
            slot.lastPtsMicros = pts;
            if (schedule.admit(camera.id(), now)) {
                take(slot, frame, now);
            } else if (!schedule.isAnalysed(camera.id())) {
                thumbnail(slot, frame, now);
            }
        } finally {
            slot.done();
        }
    }

    private void take(CameraSlot slot, DecodedFrame frame, long now) {
        Mat view = slot.converter.convert(frame.frame());
        if (view == null || view.empty() || view.channels() != 3) {
            return;
        }
        Mat buffer = slot.buffers.acquire();
        if (buffer == null) {
            slot.noBuffer++;
            return;
        }
        slot.copyScaled(view, buffer, settings.analysisWidth());
        CameraSlot.Pending old = slot.pending.getAndSet(new CameraSlot.Pending(buffer, slot.buffers, now, Instant.now()));
        if (old == null) {
            ready.offer(slot);
        } else {
            slot.buffers.release(old.frame());
            slot.replaced++;
        }
    }

    /**
     * A camera that is not analysed still shows a recent picture on its tile (ingest's thumbnail), and its view is
     * checked for tampering on it.
     */
    private void thumbnail(CameraSlot slot, DecodedFrame frame, long now) {
        Duration every = liveViews.viewed(slot.camera.id(), now)
                ? AnalyticsSettings.LIVE_VIEW_INTERVAL : AnalyticsSettings.THUMBNAIL_INTERVAL;
        if (slot.lastThumbnailNanos != Long.MIN_VALUE && now - slot.lastThumbnailNanos < every.toNanos()) {
            return;
        }
        Mat view = slot.converter.convert(frame.frame());
        if (view == null || view.empty() || view.channels() != 3) {
            return;
        }
        slot.lastThumbnailNanos = now;
        Instant at = Instant.now();
        slot.latest = new LatestView(SnapshotRenderer.encodeJpeg(view), List.of(), List.of(), at,
                view.cols(), view.rows(), false);
        // Tamper is judged on the picture alone: a camera out of the analysed set is still checked between turns.
        FrameAnalysis.look(slot, view, now, at);
    }

    private void work(Detector detector) {
        int maxBatch = Math.max(1, detector.maxBatch());
        List<CameraSlot> taken = new ArrayList<>(maxBatch);
        while (running) {
            taken.clear();
            try {
                taken.add(ready.take());
            } catch (InterruptedException e) {
                return;
            }
            ready.drainTo(taken, maxBatch - 1);
            List<CameraSlot> mine = new ArrayList<>(taken.size());
            for (CameraSlot slot : taken) {
                // One worker per camera at a time; the worker that holds it looks at the slot again when done.
                if (slot.inFlight.compareAndSet(false, true)) {
                    if (slot.use()) {
                        mine.add(slot);
                    } else {
                        slot.inFlight.set(false);
                    }
                }
            }
            try {
                analyseBatch(detector, mine);
            } finally {
                for (CameraSlot slot : mine) {
                    slot.inFlight.set(false);
                    slot.done();
                    if (slot.pending.get() != null) {
                        ready.offer(slot);
                    }
                }
            }
        }
    }

    private void analyseBatch(Detector detector, List<CameraSlot> mine) {
        long start = System.nanoTime();
        List<CameraSlot> toDetect = new ArrayList<>(mine.size());
        List<CameraSlot.Pending> frames = new ArrayList<>(mine.size());
        List<CameraSlot.Pending> all = new ArrayList<>(mine.size());
        int worked = 0;
        try {
            for (CameraSlot slot : mine) {
                CameraSlot.Pending p = slot.pending.getAndSet(null);
                if (p == null) {
                    continue;
                }
                all.add(p);
                // Late is worse than never: a frame older than one interval is dropped, not analysed late.
                if (!schedule.stillFresh(slot.camera.id(), p.receivedNanos(), System.nanoTime())) {
                    slot.stale++;
                    continue;
                }
                worked++;
                try {
                    if (analysis.needsDetection(slot, p)) {
                        toDetect.add(slot);
                        frames.add(p);
                    }
                } catch (RuntimeException e) {
                    FrameAnalysis.failed(slot, e);
                }
            }
            if (!frames.isEmpty()) {
                List<FrameDetections> results = detector.detectBatch(frames.stream().map(CameraSlot.Pending::frame)
                        .toList());
                for (int i = 0; i < frames.size(); i++) {
                    deliver(toDetect.get(i), frames.get(i), results.get(i));
                }
            }
        } finally {
            all.forEach(p -> p.home().release(p.frame()));
            // Only frames that were analysed: a stale one costs next to nothing, and counting it would make the
            // capacity look higher the more frames go stale, so the scheduler would grant more, not less.
            capacity.record(System.nanoTime() - start, worked);
        }
    }

    private void deliver(CameraSlot slot, CameraSlot.Pending p, FrameDetections result) {
        try {
            switch (result) {
                case FrameDetections.Found found -> {
                    analysis.detected(slot, p, found.detections());
                    latency.record(System.nanoTime() - p.receivedNanos());
                }
                case FrameDetections.Failed failed -> FrameAnalysis.failed(slot, failed.error());
            }
        } catch (RuntimeException e) {
            FrameAnalysis.failed(slot, e);
        }
    }

    /** Drops what is kept for a camera that was removed. */
    public void forget(String cameraId) {
        CameraSlot slot = slots.remove(cameraId);
        if (slot != null) {
            slot.retire();
        }
        incidents.forget(cameraId, Instant.now());
    }

    /** The camera's latest image for the dashboard, once it has one. */
    public Optional<LatestView> latest(String cameraId) {
        CameraSlot slot = slots.get(cameraId);
        return slot == null ? Optional.empty() : Optional.ofNullable(slot.latest);
    }

    public Optional<CameraAnalysisStats> stats(String cameraId) {
        CameraSlot slot = slots.get(cameraId);
        return slot == null ? Optional.empty() : Optional.of(slot.stats());
    }

    /** Who is analysed, how often, and how stale the patrol lets a camera get. */
    public ScheduleView schedule() {
        return schedule.view();
    }

    /** Node-wide figures: analysed frames, capacity, frame-to-detection latency. */
    public PipelineFigures figures() {
        long analysed = 0;
        long detected = 0;
        long skipped = 0;
        long dropped = 0;
        long failed = 0;
        for (CameraSlot s : slots.values()) {
            analysed += s.analysed;
            detected += s.detected;
            skipped += s.skippedNoMotion;
            dropped += s.replaced + s.stale + s.noBuffer;
            failed += s.failedFrames;
        }
        return new PipelineFigures(analysed, detected, skipped, dropped, failed, capacity.framesPerSecond(),
                latency.quantileMillis(0.5), latency.quantileMillis(0.99), latency.count());
    }

    @Override
    public void close() {
        running = false;
        schedule.close();
        workers.forEach(Thread::interrupt);
        for (Thread t : workers) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        slots.values().forEach(CameraSlot::retire);
        detectors.forEach(Detector::close);
    }
}
