package org.citywatch.analytics.track;

import java.util.Objects;
import org.citywatch.analytics.detect.BoundingBox;

/**
 * A box as it was measured (the matched detection's own box, not the filter's estimate) at a time.
 *
 * @param nanos the frame's time, on the clock given to {@link ByteTracker#update}
 * @param box   in frame pixels
 */
public record TimedBox(long nanos, BoundingBox box) {

    public TimedBox {
        Objects.requireNonNull(box, "box");
    }
}
