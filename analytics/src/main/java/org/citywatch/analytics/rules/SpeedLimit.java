package org.citywatch.analytics.rules;

import java.util.Locale;
import java.util.Optional;

/**
 * A speed as configured: in pixels per second of the analysed frame ({@code …PxS}), or in metres per second
 * ({@code …Mps}) for a camera whose scene says how many metres its view is across.
 */
public record SpeedLimit(double value, boolean metres) {

    public SpeedLimit {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("a speed must be >= 0, got " + value);
        }
    }

    /** The limit in pixels per second of a frame {@code width} pixels wide. */
    public double pixelsPerSecond(int width, Optional<Double> metresAcross) {
        if (!metres) {
            return value;
        }
        double across = metresAcross.orElseThrow(() -> new IllegalStateException(
                "a speed in m/s needs the scene's metresAcross"));
        return value * width / across;
    }

    /** A pixel speed in metres per second, when the scene has a scale. */
    public static Optional<Double> metresPerSecond(double pxPerSecond, int width, Optional<Double> metresAcross) {
        return metresAcross.map(m -> pxPerSecond * m / width);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, metres ? "%.1f m/s" : "%.0f px/s", value);
    }
}
