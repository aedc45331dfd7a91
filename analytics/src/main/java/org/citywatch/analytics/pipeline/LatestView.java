package org.citywatch.analytics.pipeline;

import java.time.Instant;
import java.util.List;
import org.citywatch.analytics.detect.Detection;
import org.citywatch.analytics.track.TrackSnapshot;

/**
 * A camera's latest image for the dashboard's tiles, as JPEG: an analysed frame with its tracks drawn, or, for a
 * camera that is not analysed now, ingest's latest thumbnail as it is.
 *
 * @param analysed false for a thumbnail (no detections, no tracks)
 */
public record LatestView(byte[] jpeg, List<Detection> detections, List<TrackSnapshot> tracks, Instant takenAt,
                         int width, int height, boolean analysed) {

    public LatestView {
        detections = List.copyOf(detections);
        tracks = List.copyOf(tracks);
    }
}
