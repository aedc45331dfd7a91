package org.citywatch.analytics.scene;

import java.util.Objects;

/**
 * A counting line on the view, from {@code from} to {@code to}. Standing at {@code from} and looking at {@code to},
 * a track that crosses from the left to the right crosses {@code forward}; the other way, {@code backward}. In
 * image coordinates (y downwards) the right-hand side is where {@link #side} is positive.
 *
 * @param forward  the name of a forward crossing, e.g. {@code southbound}
 * @param backward the name of a backward crossing, e.g. {@code northbound}
 */
public record CountLine(String id, NormPoint from, NormPoint to, String forward, String backward) {

    public CountLine {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.equals(to)) {
            throw new IllegalArgumentException("line " + id + " needs two different points");
        }
        forward = forward == null || forward.isBlank() ? "forward" : forward.strip();
        backward = backward == null || backward.isBlank() ? "backward" : backward.strip();
        if (forward.equals(backward)) {
            throw new IllegalArgumentException("line " + id + ": forward and backward need different names");
        }
    }

    /**
     * Signed distance of the point from the line, in pixels of a frame of that size: positive on the right-hand
     * (forward) side, negative on the left.
     */
    public double side(double px, double py, int width, int height) {
        double ax = from.x() * width;
        double ay = from.y() * height;
        double dx = to.x() * width - ax;
        double dy = to.y() * height - ay;
        return (dx * (py - ay) - dy * (px - ax)) / Math.hypot(dx, dy);
    }

    /**
     * Where along the line the point's foot falls: 0 at {@code from}, 1 at {@code to}; a crossing counts only
     * between the two ends (a car passing beside the line's end has not crossed it).
     */
    public double along(double px, double py, int width, int height) {
        double ax = from.x() * width;
        double ay = from.y() * height;
        double dx = to.x() * width - ax;
        double dy = to.y() * height - ay;
        return ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy);
    }
}
