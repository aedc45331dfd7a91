package org.citywatch.analytics.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.citywatch.analytics.detect.BoundingBox;
import org.junit.jupiter.api.Test;

class KalmanBoxFilterTest {

    private static BoundingBox box(double cx, double cy, double w, double h) {
        return new BoundingBox((float) (cx - w / 2), (float) (cy - h / 2), (float) (cx + w / 2), (float) (cy + h / 2));
    }

    @Test
    void predictsConstantMotionAfterAFewUpdates() {
        // 40 x 100 box moving (+60, -20) px/s, measured exactly at 5 fps.
        KalmanBoxFilter f = new KalmanBoxFilter(box(100, 300, 40, 100));
        double dt = 0.2;
        for (int k = 1; k <= 8; k++) {
            f.predict(dt);
            f.update(box(100 + 60 * k * dt, 300 - 20 * k * dt, 40, 100));
        }
        assertThat(f.vx()).isCloseTo(60, within(1.0));
        assertThat(f.vy()).isCloseTo(-20, within(1.0));
        // Coast one second with no measurement: the prediction follows the motion.
        f.predict(1.0);
        assertThat(f.centerX()).isCloseTo(100 + 60 * 2.6, within(1.5));
        assertThat(f.centerY()).isCloseTo(300 - 20 * 2.6, within(1.5));
        assertThat(f.height()).isCloseTo(100, within(0.5));
        assertThat(f.aspect()).isCloseTo(0.4, within(0.01));
        BoundingBox b = f.box();
        assertThat(b.width()).isCloseTo(40f, within(0.5f));
    }

    @Test
    void velocityIsInPixelsPerSecondWithIrregularIntervals() {
        double speed = 85; // px/s to the right, 30 px/s up
        double[] times = {0, 0.13, 0.41, 0.5, 0.93, 1.1, 1.52, 1.6, 2.05, 2.4, 2.43, 2.9, 3.3};
        KalmanBoxFilter f = new KalmanBoxFilter(box(50, 200, 30, 60));
        for (int i = 1; i < times.length; i++) {
            f.predict(times[i] - times[i - 1]);
            f.update(box(50 + speed * times[i], 200 - 30 * times[i], 30, 60));
        }
        assertThat(f.vx()).isCloseTo(speed, within(2.0));
        assertThat(f.vy()).isCloseTo(-30, within(2.0));
        // The same motion sampled at another rate gives the same velocity: per second, not per frame.
        KalmanBoxFilter g = new KalmanBoxFilter(box(50, 200, 30, 60));
        for (int i = 1; i <= 33; i++) {
            g.predict(0.1);
            g.update(box(50 + speed * i * 0.1, 200 - 30 * i * 0.1, 30, 60));
        }
        assertThat(g.vx()).isCloseTo(speed, within(2.0));
    }

    @Test
    void uncertaintyGrowsWithElapsedTimeNotWithCalls() {
        KalmanBoxFilter one = new KalmanBoxFilter(box(0, 0, 10, 20));
        KalmanBoxFilter two = new KalmanBoxFilter(box(0, 0, 10, 20));
        one.predict(0.4);
        two.predict(0.2);
        two.predict(0.2);
        assertThat(two.varianceX()).isCloseTo(one.varianceX(), within(1e-9 * one.varianceX()));
        double before = one.varianceX();
        one.predict(0);
        one.predict(-1);
        one.predict(Double.NaN);
        assertThat(one.varianceX()).isEqualTo(before);
    }

    @Test
    void lostTrackStopsShrinking() {
        KalmanBoxFilter f = new KalmanBoxFilter(box(100, 100, 20, 100));
        for (int k = 1; k <= 6; k++) {
            f.predict(0.2);
            f.update(box(100, 100, 20 - 2 * k, 100 - 10 * k));
        }
        assertThat(f.vh()).isLessThan(-20);
        f.stopShapeChange();
        f.predict(5);
        assertThat(f.height()).isCloseTo(40, within(3.0));
        assertThat(f.box()).isNotNull();
    }

    @Test
    void degenerateStateGivesNoBox() {
        KalmanBoxFilter f = new KalmanBoxFilter(box(100, 100, 20, 100));
        for (int k = 1; k <= 6; k++) {
            f.predict(0.2);
            f.update(box(100, 100, 20, 100 - 15 * k));
        }
        f.predict(10); // shrinking at ~75 px/s for 10 s: no height left
        assertThat(f.box()).isNull();
        f.predict(1e308);
        assertThat(f.box()).isNull();
    }
}
