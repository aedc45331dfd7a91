package org.citywatch.analytics.detect;

import java.util.Objects;

/**
 * One detected object.
 *
 * @param classId index in the model's label list (COCO: 0 = person, 2 = car ...)
 * @param label   the class name for {@code classId}
 * @param score   objectness times class probability, 0..1
 * @param box     where, in original-frame pixels
 */
public record Detection(int classId, String label, float score, BoundingBox box) {

    public Detection {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(box, "box");
        if (classId < 0) {
            throw new IllegalArgumentException("classId must be >= 0: " + classId);
        }
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s %.2f %s", label, score, box);
    }
}
