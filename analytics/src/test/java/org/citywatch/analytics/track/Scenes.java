package org.citywatch.analytics.track;

import java.util.List;
import java.util.Optional;
import org.citywatch.analytics.detect.BoundingBox;
import org.citywatch.analytics.detect.Detection;

/** Building blocks of synthetic scenes: 5 fps, persons 40 x 100, vehicles 120 x 60. */
final class Scenes {

    static final long S = 1_000_000_000L;
    static final long FRAME = S / 5;

    private Scenes() {
    }

    static Detection person(double cx, double cy, float score) {
        return new Detection(0, "person", score, box(cx, cy, 40, 100));
    }

    static Detection vehicle(String label, double cx, double cy, float score) {
        int classId = switch (label) {
            case "car" -> 2;
            case "bus" -> 5;
            case "truck" -> 7;
            default -> 3;
        };
        return new Detection(classId, label, score, box(cx, cy, 120, 60));
    }

    static BoundingBox box(double cx, double cy, double w, double h) {
        return new BoundingBox((float) (cx - w / 2), (float) (cy - h / 2), (float) (cx + w / 2), (float) (cy + h / 2));
    }

    /** The confirmed track whose box contains the point, if any. */
    static Optional<TrackSnapshot> at(List<TrackSnapshot> tracks, double x, double y) {
        return tracks.stream().filter(TrackSnapshot::confirmed)
                .filter(t -> t.box().x1() <= x && x <= t.box().x2() && t.box().y1() <= y && y <= t.box().y2())
                .min((a, b) -> Double.compare(Math.abs(a.box().centerX() - x), Math.abs(b.box().centerX() - x)));
    }
}
