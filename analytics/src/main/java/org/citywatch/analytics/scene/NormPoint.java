package org.citywatch.analytics.scene;

/**
 * A point in frame coordinates normalised to 0..1 (x to the right, y downwards), so that zones and lines
 * survive a change of resolution (a sub-stream, a new analysis width).
 */
public record NormPoint(double x, double y) {

    public NormPoint {
        if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) { // also rejects NaN
            throw new IllegalArgumentException("point (" + x + ", " + y + ") is outside the frame: both must be 0..1");
        }
    }

    /** The point of a frame pixel position, clamped into the frame. */
    public static NormPoint ofPixels(double px, double py, int width, int height) {
        return new NormPoint(clamp(px / width), clamp(py / height));
    }

    private static double clamp(double v) {
        return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    }
}
