package org.citywatch.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NmsTest {

    static Detection det(int cls, float score, float x1, float y1, float x2, float y2) {
        return new Detection(cls, "c" + cls, score, new BoundingBox(x1, y1, x2, y2));
    }

    @Test
    void iouOfKnownBoxes() {
        BoundingBox a = new BoundingBox(0, 0, 10, 10);
        assertThat(a.iou(a)).isEqualTo(1f);
        assertThat(a.iou(new BoundingBox(5, 0, 15, 10))).isCloseTo(50f / 150f, within(1e-6f));
        assertThat(a.iou(new BoundingBox(10, 0, 20, 10))).isZero(); // touching edges
        assertThat(a.iou(new BoundingBox(20, 20, 30, 30))).isZero();
        assertThat(new BoundingBox(3, 3, 3, 3).iou(new BoundingBox(3, 3, 3, 3))).isZero(); // empty union
        assertThat(a.width()).isEqualTo(10f);
        assertThat(a.area()).isEqualTo(100f);
    }

    @Test
    void overlappingBoxesOfDifferentClassesAreAllKept() {
        Detection dog = det(16, 0.83f, 133, 207, 325, 542);
        Detection cat = det(15, 0.39f, 131, 213, 322, 541);
        assertThat(dog.box().iou(cat.box())).isGreaterThan(0.9f);
        assertThat(Nms.apply(List.of(cat, dog), 0.45)).containsExactly(dog, cat);
    }

    @Test
    void sameClassAboveThresholdIsSuppressed() {
        Detection best = det(0, 0.9f, 0, 0, 10, 10);
        Detection dup = det(0, 0.8f, 1, 0, 11, 10); // IoU 90/110 = 0.82
        assertThat(Nms.apply(List.of(dup, best), 0.45)).containsExactly(best);
    }

    @Test
    void sameClassBelowThresholdIsKept() {
        Detection a = det(0, 0.9f, 0, 0, 10, 10);
        Detection b = det(0, 0.8f, 6, 0, 16, 10); // IoU 40/160 = 0.25
        assertThat(Nms.apply(List.of(b, a), 0.45)).containsExactly(a, b);
    }

    @Test
    void iouExactlyAtThresholdIsKeptAsOnlyGreaterSuppresses() {
        Detection a = det(0, 0.9f, 0, 0, 10, 10);
        Detection b = det(0, 0.8f, 5, 0, 15, 10); // IoU 1/3
        assertThat(Nms.apply(List.of(a, b), a.box().iou(b.box()))).hasSize(2);
        assertThat(Nms.apply(List.of(a, b), Math.nextDown(a.box().iou(b.box())))).containsExactly(a);
    }

    @Test
    void suppressedBoxDoesNotSuppressOthers() {
        // b is suppressed by a; c overlaps b a lot but a only a little: greedy NMS keeps c.
        Detection a = det(0, 0.9f, 0, 0, 10, 10);
        Detection b = det(0, 0.8f, 2, 0, 12, 10); // IoU with a 8/12
        Detection c = det(0, 0.7f, 5, 0, 15, 10); // IoU with b 7/13, with a 5/15
        assertThat(b.box().iou(c.box())).isGreaterThan(0.45f);
        assertThat(a.box().iou(c.box())).isLessThan(0.45f);
        assertThat(Nms.apply(List.of(c, b, a), 0.45)).containsExactly(a, c);
    }

    @Test
    void emptyInputAndBadThreshold() {
        assertThat(Nms.apply(List.of(), 0.45)).isEmpty();
        assertThatThrownBy(() -> Nms.apply(List.of(), 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Nms.apply(List.of(), Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
