package org.citywatch.analytics.pipeline;

import java.time.Instant;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.citywatch.analytics.detect.Detection;
import org.citywatch.analytics.motion.MotionGatePolicy;
import org.citywatch.analytics.motion.MotionResult;
import org.citywatch.analytics.incident.IncidentTracker;
import org.citywatch.analytics.rules.CameraRules;
import org.citywatch.analytics.rules.Crossing;
import org.citywatch.analytics.rules.CrossingSink;
import org.citywatch.analytics.rules.Rule;
import org.citywatch.analytics.rules.RuleOutput;
import org.citywatch.analytics.rules.SceneFrame;
import org.citywatch.analytics.snapshot.SnapshotRenderer;
import org.citywatch.analytics.track.TrackSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to one camera's frame around the detector: the motion gate before it, the tracker, the rules and
 * the dashboard image after it. Called by the worker holding the camera's slot, so the camera's state needs no
 * lock.
 */
final class FrameAnalysis {

    private static final Logger log = LoggerFactory.getLogger(FrameAnalysis.class);
    /** A camera not analysed for this long starts a new motion background (its last one is out of date). */
    private static final long NEW_TURN_NANOS = 3_000_000_000L;
    /** The view rules look at most this often per camera. */
    static final long VIEW_INTERVAL_NANOS = 1_000_000_000L;

    private final AnalyticsSettings settings;
    private final CrossingSink crossings;
    private final ScheduleDriver schedule;

    FrameAnalysis(AnalyticsSettings settings, CrossingSink crossings, ScheduleDriver schedule) {
        this.settings = settings;
        this.crossings = crossings;
        this.schedule = schedule;
    }

    /** True when the frame goes to the detector; otherwise it has been analysed as "nothing moved". */
    boolean needsDetection(CameraSlot slot, CameraSlot.Pending p) {
        long nanos = p.receivedNanos();
        if (slot.lastWorkNanos != Long.MIN_VALUE && nanos - slot.lastWorkNanos > NEW_TURN_NANOS) {
            slot.gate.reset(); // a new patrol turn: the scene may have changed since the last one
        }
        slot.lastWorkNanos = nanos;
        if (!settings.motionGate()) {
            return true;
        }
        MotionResult motion = slot.gate.measure(p.frame());
        MotionGatePolicy.Decision d = slot.gatePolicy.decide(motion, slot.tracker.tracks().size(), nanos);
        if (d.detect()) {
            return true;
        }
        // Nothing moved and nothing is tracked: the tracker and rules see an empty frame, at no detector cost.
        slot.skippedNoMotion++;
        after(slot, p, List.of());
        return false;
    }

    /** Feeds the frame's detections to the tracker and the rules, and refreshes the dashboard image. */
    void detected(CameraSlot slot, CameraSlot.Pending p, List<Detection> detections) {
        slot.detected++;
        slot.lastObjectCount = detections.size();
        after(slot, p, detections);
    }

    private void after(CameraSlot slot, CameraSlot.Pending p, List<Detection> detections) {
        long nanos = p.receivedNanos();
        if (slot.jumped.getAndSet(false)) {
            slot.tracker.restart(); // the picture jumped back since the last analysed frame: no track spans it
        }
        List<TrackSnapshot> tracks = slot.tracker.update(nanos, detections);
        slot.analysed++;
        slot.lastAnalysedAt = Instant.now();
        schedule.analysed(slot.camera.id(), System.nanoTime());

        Mat frame = p.frame();
        SceneFrame scene = new SceneFrame(slot.camera.id(), nanos, p.receivedAt(), frame.cols(), frame.rows(), tracks,
                frame);
        evaluate(slot, scene);
        look(slot, frame, nanos, p.receivedAt());
        boolean open = slot.incidents.hasOpen(IncidentTracker.Source.FRAMES);
        if (open != slot.alertOpen) {
            // A camera keeps an alert slot in the scheduler while one of its alerts holds.
            slot.alertOpen = open;
            schedule.alert(slot.camera.id(), open);
        }

        if (slot.lastLatestNanos == Long.MIN_VALUE
                || nanos - slot.lastLatestNanos >= settings.latestImageInterval().toNanos()) {
            slot.lastLatestNanos = nanos;
            List<TrackSnapshot> shown = tracks.stream().filter(TrackSnapshot::confirmed).toList();
            slot.latest = new LatestView(SnapshotRenderer.renderTracks(frame, shown), detections, shown,
                    slot.lastAnalysedAt, frame.cols(), frame.rows(), true);
        }
    }

    /** Every rule of the camera on this frame; a rule that throws fails alone (logged once per distinct error). */
    private void evaluate(CameraSlot slot, SceneFrame scene) {
        CameraRules rules = slot.rules;
        RuleOutput out = slot.ruleOutput;
        out.clear();
        for (Rule rule : rules.rules()) {
            try {
                rule.evaluate(scene, out);
            } catch (RuntimeException e) {
                String message = String.valueOf(e.getMessage());
                if (!message.equals(slot.ruleFailures.put(rule.id(), message))) {
                    log.error("Camera {}: rule {} failed on a frame ({}); the other rules go on", slot.camera.id(),
                            rule.id(), message, e);
                }
            }
        }
        for (Crossing c : out.crossings()) {
            crossings.crossed(slot.camera.id(), c);
        }
        slot.incidents.frame(scene, out.findings());
    }

    /**
     * The view rules (camera tamper) on a frame the camera shows, analysed or a thumbnail, at most once per
     * {@link #VIEW_INTERVAL_NANOS}: they judge the picture, and a picture a second is plenty for that.
     */
    static void look(CameraSlot slot, Mat frame, long nanos, Instant at) {
        CameraRules rules = slot.rules;
        if (rules.viewRules().isEmpty()) {
            return;
        }
        synchronized (slot.viewLock) {
            if (slot.lastViewNanos != Long.MIN_VALUE && nanos - slot.lastViewNanos < VIEW_INTERVAL_NANOS) {
                return;
            }
            slot.lastViewNanos = nanos;
            SceneFrame scene = new SceneFrame(slot.camera.id(), nanos, at, frame.cols(), frame.rows(), List.of(),
                    frame);
            RuleOutput out = new RuleOutput();
            for (Rule rule : rules.viewRules()) {
                try {
                    rule.evaluate(scene, out);
                } catch (RuntimeException e) {
                    String message = String.valueOf(e.getMessage());
                    if (!message.equals(slot.ruleFailures.put(rule.id(), message))) {
                        log.error("Camera {}: rule {} failed on a frame ({}); the other rules go on",
                                slot.camera.id(), rule.id(), message, e);
                    }
                }
            }
            slot.incidents.view(scene, out.findings());
        }
    }

    /** A failed frame fails only itself; each camera logs each distinct failure once, then counts it. */
    static void failed(CameraSlot slot, RuntimeException e) {
        slot.failedFrames++;
        String message = String.valueOf(e.getMessage());
        if (!message.equals(slot.lastFailure)) {
            slot.lastFailure = message;
            log.error("Camera {}: analysis of a frame failed ({}); the next frames continue, further failures "
                    + "like this one are only counted", slot.camera.id(), message, e);
        }
    }
}
