package org.citywatch.analytics.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Class-aware greedy non-maximum suppression: visit detections by descending score and keep one unless a
 * kept detection of the same class overlaps it with IoU strictly above the threshold (as torchvision's
 * {@code batched_nms}). Boxes of different classes never suppress each other.
 */
public final class Nms {

    private Nms() {
    }

    /** The kept detections, by descending score. The input list is not modified. */
    public static List<Detection> apply(List<Detection> candidates, double iouThreshold) {
        if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("iouThreshold must be in [0,1]: " + iouThreshold);
        }
        List<Detection> sorted = new ArrayList<>(candidates);
        // Stable sort: equal scores keep input order, so results are deterministic.
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection d : sorted) {
            if (!suppressed(d, kept, iouThreshold)) {
                kept.add(d);
            }
        }
        return kept;
    }

    private static boolean suppressed(Detection d, List<Detection> kept, double iouThreshold) {
        // Kept lists are short (tens), so a linear scan beats any index structure here.
        for (Detection k : kept) {
            if (k.classId() == d.classId() && k.box().iou(d.box()) > iouThreshold) {
                return true;
            }
        }
        return false;
    }
}
