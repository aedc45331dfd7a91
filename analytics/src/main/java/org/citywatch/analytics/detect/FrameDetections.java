package org.citywatch.analytics.detect;

import java.util.List;
import java.util.Objects;

/** The outcome for one frame of a batch: its detections, or why this frame (and only this one) failed. */
public sealed interface FrameDetections {

    /** The frame's objects, boxes in its own pixels, by descending score. */
    record Found(List<Detection> detections) implements FrameDetections {
        public Found {
            detections = List.copyOf(detections);
        }
    }

    /** The frame could not be analysed; the others of the batch are not affected. */
    record Failed(RuntimeException error) implements FrameDetections {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }
}
