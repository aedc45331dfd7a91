package org.citywatch.analytics.pipeline;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.citywatch.analytics.motion.MotionGate;
import org.citywatch.analytics.motion.MotionGatePolicy;
import org.citywatch.analytics.incident.IncidentTracker;
import org.citywatch.analytics.rules.CameraRules;
import org.citywatch.analytics.rules.RuleOutput;
import org.citywatch.analytics.track.ByteTracker;
import org.citywatch.ingest.camera.Camera;

/**
 * One camera's place in the pipeline: a hand-off that holds at most one frame (a newer frame replaces one no
 * worker took yet, so a slow detector never makes memory grow), the camera's reusable buffers, and its
 * analysis state (motion gate, tracker, rules, incidents) and figures.
 *
 * <p>Threads: the camera's reader fills {@link #pending}; at most one worker at a time analyses the camera
 * ({@link #inFlight}), so the analysis state needs no lock. The native parts are freed by the last user
 * after {@link #retire()} (a camera removed while a worker still analyses its frame).
 */
final class CameraSlot {

    /** A frame copied out of the decoder into one of the camera's buffers ({@code home}), waiting for a worker. */
    record Pending(Mat frame, FrameBuffers home, long receivedNanos, Instant receivedAt) {
    }

    volatile Camera camera;
    final FrameBuffers buffers = new FrameBuffers();
    final AtomicReference<Pending> pending = new AtomicReference<>();
    final AtomicBoolean inFlight = new AtomicBoolean();

    // Reader side (one reader per camera at a time).
    final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    long lastThumbnailNanos = Long.MIN_VALUE;
    /** The last frame's presentation time: one earlier than that is a jump (a looped file, a restarted stream). */
    long lastPtsMicros = Long.MIN_VALUE;
    /** Set by the reader on a jump, taken by the worker: the tracker restarts before the next analysed frame. */
    final AtomicBoolean jumped = new AtomicBoolean();
    org.bytedeco.opencv.opencv_core.Size scaledSize; // analysis size of this camera's frames, when scaled

    // Analysis state: only the worker holding inFlight touches these.
    final MotionGate gate;
    final MotionGatePolicy gatePolicy;
    final ByteTracker tracker;
    /** Replaced (fresh state) when the camera's scene changes; read by the worker once per frame. */
    volatile CameraRules rules;
    final RuleOutput ruleOutput = new RuleOutput();
    final java.util.Map<String, String> ruleFailures = new java.util.concurrent.ConcurrentHashMap<>();
    /** Serialises the view rules, which run on the worker (analysed frames) and the reader (thumbnails). */
    final Object viewLock = new Object();
    long lastViewNanos = Long.MIN_VALUE; // guarded by viewLock
    final IncidentTracker incidents;
    long lastWorkNanos = Long.MIN_VALUE;
    long lastLatestNanos = Long.MIN_VALUE;
    boolean alertOpen;
    String lastFailure;

    // Figures, read by the API.
    volatile long analysed;
    volatile long detected;
    volatile long skippedNoMotion;
    volatile long replaced;
    volatile long stale;
    volatile long noBuffer;
    volatile long failedFrames;
    volatile LatestView latest;
    volatile Instant lastAnalysedAt;
    volatile int lastObjectCount;

    private int users;
    private boolean retired;

    CameraSlot(Camera camera, AnalyticsSettings settings, CameraRules rules, IncidentTracker incidents) {
        this.camera = camera;
        this.rules = rules;
        this.incidents = incidents;
        this.gate = new MotionGate(settings.motion());
        this.gatePolicy = new MotionGatePolicy(settings.motionForceEvery());
        this.tracker = new ByteTracker(settings.tracker());
    }

    /** Marks one more user of the native parts; false when the camera was removed (do nothing then). */
    synchronized boolean use() {
        if (retired) {
            return false;
        }
        users++;
        return true;
    }

    synchronized void done() {
        users--;
        if (retired && users == 0) {
            free();
        }
    }

    /** The camera is gone: drop its waiting frame and free the native parts once nobody uses them. */
    synchronized void retire() {
        if (retired) {
            return;
        }
        retired = true;
        Pending p = pending.getAndSet(null);
        if (p != null) {
            buffers.release(p.frame());
        }
        if (users == 0) {
            free();
        }
    }

    /** The camera's scene changed: fresh rules from now on, and the old ones' buffers freed. */
    void replaceRules(CameraRules fresh) {
        CameraRules old = rules;
        rules = fresh;
        synchronized (viewLock) {
            old.close();
        }
    }

    private void free() {
        synchronized (viewLock) {
            rules.close();
        }
        buffers.close();
        gate.close();
        converter.close();
        if (scaledSize != null) {
            scaledSize.close();
        }
    }

    CameraAnalysisStats stats() {
        return new CameraAnalysisStats(analysed, detected, skippedNoMotion, replaced + stale + noBuffer,
                failedFrames, java.util.Optional.ofNullable(lastAnalysedAt), lastObjectCount,
                tracker.tracksCreated());
    }

    /**
     * On the reader: converts and scales in one step into the reused buffer (a plain copy when already at most
     * {@code width} wide, or when {@code width} is 0).
     */
    void copyScaled(Mat view, Mat buffer, int width) {
        if (width > 0 && view.cols() > width) {
            int height = Math.max(1, (int) Math.round((double) view.rows() * width / view.cols()));
            // The target size is kept per camera: no native allocation per frame while the frame size stays.
            if (scaledSize == null || scaledSize.height() != height) {
                if (scaledSize != null) {
                    scaledSize.close();
                }
                scaledSize = new org.bytedeco.opencv.opencv_core.Size(width, height);
            }
            org.bytedeco.opencv.global.opencv_imgproc.resize(view, buffer, scaledSize, 0, 0,
                    org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA);
        } else {
            view.copyTo(buffer);
        }
    }
}
