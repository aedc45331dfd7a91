package org.citywatch.analytics.pipeline;

/**
 * What the worker pool can analyse per second, from what analysing frames has cost: {@code workers} divided by
 * the mean time a worker spends on one frame (motion measure, detection, tracking and rules; a frame the motion
 * gate spares costs little, so gating raises the capacity). The mean is exponentially weighted (about the last
 * 100 frames), so the scheduler follows a change of scene or load within seconds. Until 100 frames were
 * recorded it is their plain mean: seeded with the first frame alone, it would keep that frame's cost (several
 * times the usual one, as ONNX Runtime's first inference is slow) for hundreds of frames, and the low rate granted
 * meanwhile would make those frames come slowly. Thread-safe.
 */
final class CapacityMeter {

    private static final double WEIGHT = 0.01;

    private final int workers;
    private double meanNanos = Double.NaN;
    private long frames;

    CapacityMeter(int workers) {
        this.workers = workers;
    }

    /** A batch of {@code frames} frames took {@code nanos} of one worker's time. */
    synchronized void record(long nanos, int frames) {
        if (frames <= 0) {
            return;
        }
        double perFrame = (double) nanos / frames;
        for (int i = 0; i < frames; i++) {
            this.frames++;
            double weight = Math.max(WEIGHT, 1.0 / this.frames);
            meanNanos = Double.isNaN(meanNanos) ? perFrame : meanNanos + weight * (perFrame - meanNanos);
        }
    }

    /** Frames per second all workers together can analyse; NaN before the first frame. */
    synchronized double framesPerSecond() {
        return Double.isNaN(meanNanos) ? Double.NaN : workers * 1e9 / Math.max(1, meanNanos);
    }
}
