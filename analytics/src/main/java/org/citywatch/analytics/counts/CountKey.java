package org.citywatch.analytics.counts;

import java.util.Objects;

/** One series of vehicle counts: one camera's line, one class, one direction. */
public record CountKey(String cameraId, String lineId, String label, String direction) {

    public CountKey {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(direction, "direction");
    }
}
