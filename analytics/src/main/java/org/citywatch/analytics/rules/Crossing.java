package org.citywatch.analytics.rules;

import java.time.Instant;
import java.util.Objects;

/**
 * One track crossing one counting line, once.
 *
 * @param lineId    the line
 * @param direction the name of the direction it crossed in (the line's {@code forward} or {@code backward})
 * @param label     the track's class (car, motorcycle, bus, truck, bicycle …)
 * @param trackId   the track
 * @param at        when (wall clock)
 */
public record Crossing(String lineId, String direction, String label, long trackId, Instant at) {

    public Crossing {
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(at, "at");
    }
}
