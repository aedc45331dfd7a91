package org.citywatch.analytics.motion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.citywatch.analytics.detect.BoundingBox;
import org.citywatch.analytics.motion.MotionResult.Cause;
import org.junit.jupiter.api.Test;

class MotionGateTest {

    /** A static, textured 640x480 scene: grey ground, a few darker and lighter shapes. */
    static Mat scene(int width, int height) {
        Mat m = new Mat(height, width, CV_8UC3, new Scalar(90, 100, 110, 0));
        for (int i = 0; i < 12; i++) {
            int x = (i * 97) % width;
            int y = (i * 61) % height;
            int v = 40 + (i * 23) % 120;
            rectangle(m, new Point(x, y), new Point(Math.min(width - 1, x + 50), Math.min(height - 1, y + 30)),
                    new Scalar(v, v + 10, v + 20, 0), FILLED, 8, 0);
            circle(m, new Point((x + 300) % width, (y + 200) % height), 15, new Scalar(150, 140, 130, 0), FILLED, 8,
                    0);
        }
        return m;
    }

    @Test
    void staticSceneHasMotionOnlyOnTheFirstFrame() {
        try (MotionGate gate = new MotionGate(); Mat frame = scene(640, 480)) {
            MotionResult first = gate.measure(frame);
            assertThat(first.cause()).isEqualTo(Cause.FIRST_FRAME);
            assertThat(first.hasMotion()).isTrue();
            assertThat(first.regions()).containsExactly(new BoundingBox(0, 0, 640, 480));
            for (int i = 0; i < 30; i++) {
                MotionResult r = gate.measure(frame);
                assertThat(r.hasMotion()).as("frame %d", i + 1).isFalse();
                assertThat(r.changedFraction()).isZero();
                assertThat(r.regions()).isEmpty();
            }
        }
    }

    /** Strong sensor noise (Gaussian, sigma 12 grey levels, independent per pixel and frame) is not motion. */
    @Test
    void sensorNoiseIsNotMotion() {
        java.util.Random random = new java.util.Random(42);
        try (MotionGate gate = new MotionGate(); Mat clean = scene(640, 480); Mat frame = new Mat();
             org.bytedeco.javacpp.indexer.UByteIndexer src = clean.createIndexer()) {
            clean.copyTo(frame);
            try (org.bytedeco.javacpp.indexer.UByteIndexer dst = frame.createIndexer()) {
                for (int n = 0; n < 20; n++) {
                    for (long y = 0; y < 480; y++) {
                        for (long x = 0; x < 640; x++) {
                            for (long c = 0; c < 3; c++) {
                                int v = src.get(y, x, c) + (int) Math.round(random.nextGaussian() * 12);
                                dst.put(y, x, c, Math.max(0, Math.min(255, v)));
                            }
                        }
                    }
                    MotionResult r = gate.measure(frame);
                    if (n > 0) {
                        assertThat(r.hasMotion()).as("noisy frame %d: %s", n, r).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void movingSquareIsMotionWithABoxAtTheSquare() {
        for (boolean ghostSuppression : new boolean[] {true, false}) {
            MotionSettings settings = MotionSettings.DEFAULTS.withGhostSuppression(ghostSuppression);
            try (MotionGate gate = new MotionGate(settings); Mat background = scene(640, 480)) {
                for (int i = 0; i < 5; i++) {
                    gate.measure(background);
                }
                for (int k = 0; k < 10; k++) {
                    int x = 100 + 12 * k;
                    int y = 200;
                    try (Mat frame = background.clone()) {
                        rectangle(frame, new Point(x, y), new Point(x + 39, y + 39), new Scalar(230, 230, 230, 0),
                                FILLED, 8, 0);
                        MotionResult r = gate.measure(frame);
                        assertThat(r.cause()).as("frame %d, ghost suppression %s", k, ghostSuppression)
                                .isEqualTo(Cause.MOTION);
                        assertThat(r.regions()).isNotEmpty();
                        BoundingBox square = new BoundingBox(x, y, x + 40, y + 40);
                        BoundingBox box = r.regions().get(0); // the largest
                        assertThat(box.iou(square)).as("box %s vs square %s", box, square).isGreaterThan(0.1f);
                        // Within the square, widened by the dilation (2 small pixels = 8 frame pixels) and rounding.
                        assertThat(box.x1()).isGreaterThanOrEqualTo(x - 16);
                        assertThat(box.y1()).isGreaterThanOrEqualTo(y - 16);
                        assertThat(box.x2()).isLessThanOrEqualTo(x + 40 + 16);
                        assertThat(box.y2()).isLessThanOrEqualTo(y + 40 + 16);
                        assertThat(r.changedFraction()).isBetween(0.001, 0.05);
                    }
                }
            }
        }
    }

    /**
     * A small dark object (12x24 px, 3x6 px in the small image) creeping 3 px per frame (15 px/s at 5 fps):
     * still motion in every frame. Slower than about 2 px per frame at 640 px wide (half a small pixel) the
     * ghost suppression loses it; then the live-track and forced-detection rules of the policy must do.
     */
    @Test
    void smallSlowObjectIsMotion() {
        try (MotionGate gate = new MotionGate(); Mat background = scene(640, 480)) {
            for (int i = 0; i < 5; i++) {
                gate.measure(background);
            }
            for (int k = 0; k < 40; k++) {
                try (Mat frame = background.clone()) {
                    int x = 20 + 3 * k;
                    rectangle(frame, new Point(x, 420), new Point(x + 11, 443), new Scalar(60, 60, 60, 0), FILLED, 8,
                            0);
                    MotionResult r = gate.measure(frame);
                    assertThat(r.cause()).as("frame %d", k).isEqualTo(Cause.MOTION);
                    assertThat(r.regions().get(0).iou(new BoundingBox(x, 420, x + 12, 444))).isGreaterThan(0.1f);
                }
            }
        }
    }

    @Test
    void brightnessJumpIsOneGlobalChangeThenQuiet() {
        try (MotionGate gate = new MotionGate(); Mat dark = scene(640, 480); Mat bright = new Mat()) {
            dark.convertTo(bright, -1, 1, 60); // every pixel 60 grey levels brighter, as lights switched on
            gate.measure(dark);
            for (int i = 0; i < 5; i++) {
                assertThat(gate.measure(dark).hasMotion()).isFalse();
            }
            MotionResult jump = gate.measure(bright);
            assertThat(jump.cause()).isEqualTo(Cause.GLOBAL_CHANGE);
            assertThat(jump.changedFraction()).isGreaterThan(MotionGate.GLOBAL_CHANGE_FRACTION);
            assertThat(jump.regions()).containsExactly(new BoundingBox(0, 0, 640, 480));
            for (int i = 0; i < 10; i++) {
                assertThat(gate.measure(bright).hasMotion()).as("frame %d after the jump", i + 1).isFalse();
            }
        }
    }

    @Test
    void resolutionChangeRestartsTheBackground() {
        try (MotionGate gate = new MotionGate(); Mat large = scene(640, 480); Mat small = scene(320, 240);
             Mat odd = scene(100, 37)) {
            gate.measure(large);
            gate.measure(large);
            MotionResult resized = gate.measure(small);
            assertThat(resized.cause()).isEqualTo(Cause.RESIZED);
            assertThat(resized.regions()).containsExactly(new BoundingBox(0, 0, 320, 240));
            assertThat(gate.measure(small).hasMotion()).isFalse();
            // Narrower than the settings' width: measured at its own size, not enlarged.
            assertThat(gate.measure(odd).cause()).isEqualTo(Cause.RESIZED);
            assertThat(gate.measure(odd).hasMotion()).isFalse();
            assertThat(gate.measure(large).cause()).isEqualTo(Cause.RESIZED);
            assertThat(gate.measure(large).hasMotion()).isFalse();
        }
    }

    @Test
    void resetMakesTheNextFrameAFirstFrame() {
        try (MotionGate gate = new MotionGate(); Mat frame = scene(640, 480)) {
            gate.measure(frame);
            assertThat(gate.measure(frame).hasMotion()).isFalse();
            gate.reset();
            assertThat(gate.measure(frame).cause()).isEqualTo(Cause.FIRST_FRAME);
            assertThat(gate.measure(frame).hasMotion()).isFalse();
        }
    }

    @Test
    void badFramesAreRejectedAndTheGateStaysUsable() {
        try (MotionGate gate = new MotionGate(); Mat frame = scene(640, 480); Mat empty = new Mat();
             Mat grey = new Mat(480, 640, CV_8UC1, new Scalar(0)); Mat floats = new Mat()) {
            frame.convertTo(floats, org.bytedeco.opencv.global.opencv_core.CV_32FC3);
            gate.measure(frame);
            assertThatThrownBy(() -> gate.measure(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("null");
            assertThatThrownBy(() -> gate.measure(empty)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("empty");
            assertThatThrownBy(() -> gate.measure(grey)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CV_8UC1").hasMessageContaining("expected CV_8UC3");
            assertThatThrownBy(() -> gate.measure(floats)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CV_32FC3");
            assertThat(gate.measure(frame).hasMotion()).isFalse(); // background kept
        }
    }

    @Test
    void closedGateRefusesFrames() {
        MotionGate gate = new MotionGate();
        gate.close();
        gate.close(); // twice is fine
        try (Mat frame = new Mat(48, 64, CV_8UC3, new Scalar(1, 2, 3, 0))) {
            assertThatThrownBy(() -> gate.measure(frame)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new MotionSettings(8, 25, 0.001, 0.05, 8)).hasMessageContaining("width");
        assertThatThrownBy(() -> new MotionSettings(160, 0, 0.001, 0.05, 8)).hasMessageContaining("pixelThreshold");
        assertThatThrownBy(() -> new MotionSettings(160, 25, 1, 0.05, 8)).hasMessageContaining("minChangedFraction");
        assertThatThrownBy(() -> new MotionSettings(160, 25, Double.NaN, 0.05, 8))
                .hasMessageContaining("minChangedFraction");
        assertThatThrownBy(() -> new MotionSettings(160, 25, 0.001, 0, 8)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> new MotionSettings(160, 25, 0.001, 0.05, -1)).hasMessageContaining("minContourArea");
        assertThat(new MotionSettings(160, 25, 0.001, 0.05, 8).ghostSuppression()).isTrue();
    }
}
