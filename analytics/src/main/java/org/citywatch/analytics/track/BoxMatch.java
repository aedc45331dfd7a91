package org.citywatch.analytics.track;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.citywatch.analytics.detect.BoundingBox;
import org.citywatch.analytics.detect.Detection;

/** What the tracker compares: the detections it accepts, and the (buffered) overlap of two boxes. Stateless. */
final class BoxMatch {

    static final Comparator<Detection> BY_SCORE_DESC = Comparator.comparingDouble(Detection::score).reversed();

    private BoxMatch() {
    }

    /** IoU of the two boxes, each side pushed out by {@code buffer} times the box's own width or height. */
    static double iou(BoundingBox a, BoundingBox b, double buffer) {
        if (buffer <= 0) {
            return a.iou(b);
        }
        double aw = a.width() * buffer;
        double ah = a.height() * buffer;
        double bw = b.width() * buffer;
        double bh = b.height() * buffer;
        double iw = Math.min(a.x2() + aw, b.x2() + bw) - Math.max(a.x1() - aw, b.x1() - bw);
        double ih = Math.min(a.y2() + ah, b.y2() + bh) - Math.max(a.y1() - ah, b.y1() - bh);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        double areaA = (a.width() + 2 * aw) * (a.height() + 2 * ah);
        double areaB = (b.width() + 2 * bw) * (b.height() + 2 * bh);
        double union = areaA + areaB - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /**
     * The detections the tracker may use: valid ones at or above {@code lowScore}, and, when class-aware, one per
     * object within a class group (the detector's NMS works per class, so a van may come as a car and a truck).
     */
    static List<Detection> usable(List<Detection> detections, TrackerSettings settings) {
        if (detections == null || detections.isEmpty()) {
            return List.of();
        }
        List<Detection> ok = new ArrayList<>(detections.size());
        for (Detection d : detections) {
            if (d != null && Float.isFinite(d.score()) && d.score() >= settings.lowScore() && finite(d.box())) {
                ok.add(d);
            }
        }
        if (!settings.classAware() || settings.groupNmsIou() >= 1 || ok.size() < 2) {
            return ok;
        }
        ok.sort(BY_SCORE_DESC);
        List<Detection> kept = new ArrayList<>(ok.size());
        for (Detection d : ok) {
            String group = ClassGroups.of(d.label());
            boolean duplicate = false;
            for (Detection k : kept) {
                if (!k.label().equals(d.label()) && ClassGroups.of(k.label()).equals(group)
                        && k.box().iou(d.box()) > settings.groupNmsIou()) {
                    duplicate = true;
                    break;
                }
            }
            if (!duplicate) {
                kept.add(d);
            }
        }
        return kept;
    }

    private static boolean finite(BoundingBox b) {
        return Float.isFinite(b.x1()) && Float.isFinite(b.y1()) && Float.isFinite(b.x2()) && Float.isFinite(b.y2())
                && b.width() > 0 && b.height() > 0 && Float.isFinite(b.area());
    }
}
