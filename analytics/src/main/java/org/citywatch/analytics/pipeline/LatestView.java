package org.citywatch.analytics.pipeline;

import java.time.Instant;
import java.util.List;
import org.citywatch.analytics.detect.Detection;

/** A camera's latest analysed frame, as JPEG with its detections drawn, for the dashboard's tiles. */
public record LatestView(byte[] jpeg, List<Detection> detections, Instant analysedAt, int width, int height) {

    public LatestView {
        detections = List.copyOf(detections);
    }
}
