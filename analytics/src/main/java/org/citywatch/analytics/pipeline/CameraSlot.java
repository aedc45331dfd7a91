package org.citywatch.analytics.pipeline;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.citywatch.analytics.rules.CrowdRule;
import org.citywatch.ingest.camera.Camera;

/**
 * One camera's place in the pipeline: a hand-off that holds at most one frame (a newer frame replaces an
 * older one that no worker took yet, so a slow detector never makes memory grow), and the camera's
 * rule state and figures.
 */
final class CameraSlot {

    /** A frame copied out of the decoder, waiting for a worker. */
    record Pending(Mat frame, long receivedNanos, Instant receivedAt) {
    }

    volatile Camera camera;
    final CrowdRule crowd;
    /** Used only on the camera's reader thread. */
    final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    final AtomicReference<Pending> pending = new AtomicReference<>();

    // Reader thread only.
    long lastAcceptedNanos = Long.MIN_VALUE;

    // Under the slot's lock, held by the one worker analysing this camera.
    volatile long analysed;
    long lastLatestNanos = Long.MIN_VALUE;

    volatile long dropped;
    volatile long failedFrames;
    String lastFailure; // under the slot's lock
    volatile LatestView latest;
    volatile Instant lastAnalysedAt;
    volatile int lastObjectCount;

    CameraSlot(Camera camera, CrowdRule.Settings crowd) {
        this.camera = camera;
        this.crowd = new CrowdRule(crowd);
    }

    CameraAnalysisStats stats() {
        return new CameraAnalysisStats(analysed, dropped, java.util.Optional.ofNullable(lastAnalysedAt),
                lastObjectCount);
    }
}
