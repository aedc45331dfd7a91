package org.citywatch.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.citywatch.assets.ModelDescriptor;
import org.junit.jupiter.api.Test;

class LetterboxTest {

    static final int S = 416;
    static final int PLANE = S * S;

    static float at(float[] chw, int plane, int x, int y) {
        return chw[plane * PLANE + y * S + x];
    }

    @Test
    void geometryLandscape() {
        Letterbox.Geometry g = Letterbox.geometry(768, 576, S, S);
        assertThat(g.scale()).isEqualTo(416.0 / 768);
        assertThat(g.resizedWidth()).isEqualTo(416);
        assertThat(g.resizedHeight()).isEqualTo(312);
        Letterbox.Geometry hd = Letterbox.geometry(1920, 1080, S, S);
        assertThat(hd.resizedWidth()).isEqualTo(416);
        assertThat(hd.resizedHeight()).isEqualTo(234); // int(1080 * 0.21666) = 234
    }

    @Test
    void geometryPortrait() {
        Letterbox.Geometry g = Letterbox.geometry(810, 1080, S, S);
        assertThat(g.scale()).isEqualTo(416.0 / 1080);
        assertThat(g.resizedWidth()).isEqualTo(312);
        assertThat(g.resizedHeight()).isEqualTo(416);
        assertThat(g.frameWidth()).isEqualTo(810);
        assertThat(g.frameHeight()).isEqualTo(1080);
    }

    @Test
    void geometryUpscalesSmallFramesAndNeverCollapses() {
        Letterbox.Geometry small = Letterbox.geometry(320, 240, S, S);
        assertThat(small.scale()).isEqualTo(1.3);
        assertThat(small.resizedWidth()).isEqualTo(416);
        assertThat(small.resizedHeight()).isEqualTo(312);
        Letterbox.Geometry line = Letterbox.geometry(5000, 1, S, S);
        assertThat(line.resizedHeight()).isEqualTo(1);
    }

    @Test
    void uniformLandscapeFrameLandsInBgrPlanesWithPaddingBelow() {
        try (Letterbox lb = Letterbox.forModel(ModelDescriptor.load("yolox_nano"));
             Scalar bgr = new Scalar(10, 20, 30, 0);
             Mat frame = new Mat(576, 768, CV_8UC3, bgr)) {
            float[] out = new float[lb.size()];
            Letterbox.Geometry g = lb.fill(frame, out);
            assertThat(g.resizedHeight()).isEqualTo(312);
            assertThat(at(out, 0, 0, 0)).isEqualTo(10f); // B
            assertThat(at(out, 1, 0, 0)).isEqualTo(20f); // G
            assertThat(at(out, 2, 0, 0)).isEqualTo(30f); // R
            assertThat(at(out, 2, 415, 311)).isEqualTo(30f); // last resized pixel
            for (int p = 0; p < 3; p++) {
                assertThat(at(out, p, 0, 312)).isEqualTo(114f); // first padded row
                assertThat(at(out, p, 415, 415)).isEqualTo(114f);
            }
        }
    }

    @Test
    void portraitFramePadsOnTheRightAndResizingBetweenSizesRepaintsThePadding() {
        try (Letterbox lb = new Letterbox(S, S, 114);
             Scalar white = new Scalar(255, 255, 255, 0);
             Scalar blue = new Scalar(200, 0, 0, 0);
             Mat landscape = new Mat(576, 768, CV_8UC3, white);
             Mat portrait = new Mat(1080, 810, CV_8UC3, blue)) {
            float[] out = new float[lb.size()];
            lb.fill(landscape, out);
            Letterbox.Geometry g = lb.fill(portrait, out);
            assertThat(g.resizedWidth()).isEqualTo(312);
            assertThat(at(out, 0, 311, 415)).isEqualTo(200f);
            assertThat(at(out, 1, 311, 415)).isEqualTo(0f);
            for (int p = 0; p < 3; p++) {
                assertThat(at(out, p, 312, 0)).isEqualTo(114f); // was white from the landscape frame
                assertThat(at(out, p, 415, 415)).isEqualTo(114f);
            }
        }
    }

    @Test
    void withoutAntialiasContentEqualsOpenCvBilinearResizeAndBothOutputsAgree() {
        try (Letterbox lb = new Letterbox(S, S, 114, false);
             Mat frame = new Mat(576, 768, CV_8UC3);
             Mat expected = new Mat();
             Size size = new Size(416, 312)) {
            ByteBuffer px = frame.createBuffer();
            for (int i = 0; i < px.capacity(); i++) {
                px.put(i, (byte) (i * 31 + i / 2304));
            }
            float[] out = new float[lb.size()];
            lb.fill(frame, out);
            FloatBuffer direct = lb.newDirectBuffer();
            lb.fill(frame, direct);
            resize(frame, expected, size, 0, 0, INTER_LINEAR);
            ByteBuffer ex = expected.createBuffer();
            for (int y = 0; y < 312; y++) {
                for (int x = 0; x < 416; x++) {
                    for (int c = 0; c < 3; c++) {
                        float want = ex.get((y * 416 + x) * 3 + c) & 0xFF;
                        assertThat(at(out, c, x, y)).as("plane %d at (%d,%d)", c, x, y).isEqualTo(want);
                    }
                }
            }
            for (int i = 0; i < out.length; i++) {
                if (direct.get(i) != out[i]) {
                    throw new AssertionError("float[] and FloatBuffer differ at " + i);
                }
            }
        }
    }

    /** A 1-pixel checkerboard averages to mid-grey; aliasing shows up as pixels far from it. */
    @Test
    void antialiasSmoothsFineDetailWhenShrinking() {
        try (Letterbox smooth = new Letterbox(S, S, 114, true);
             Letterbox plain = new Letterbox(S, S, 114, false);
             Mat board = new Mat(1080, 1920, CV_8UC3)) {
            ByteBuffer px = board.createBuffer();
            for (int y = 0; y < 1080; y++) {
                for (int x = 0; x < 1920; x++) {
                    byte v = (byte) (((x + y) & 1) == 0 ? 0 : 255);
                    for (int c = 0; c < 3; c++) {
                        px.put((y * 1920 + x) * 3 + c, v);
                    }
                }
            }
            float[] a = new float[smooth.size()];
            float[] b = new float[plain.size()];
            Letterbox.Geometry g = smooth.fill(board, a);
            plain.fill(board, b);
            assertThat(g.resizedHeight()).isEqualTo(234);
            float worstSmooth = 0;
            float worstPlain = 0;
            for (int y = 2; y < 232; y++) { // away from the borders
                for (int x = 2; x < 414; x++) {
                    worstSmooth = Math.max(worstSmooth, Math.abs(at(a, 1, x, y) - 127.5f));
                    worstPlain = Math.max(worstPlain, Math.abs(at(b, 1, x, y) - 127.5f));
                }
            }
            assertThat(worstSmooth).as("antialiased deviation from mid-grey").isLessThan(8f);
            assertThat(worstPlain).as("plain INTER_LINEAR aliases").isGreaterThan(50f);
        }
    }

    @Test
    void enlargingIsPlainBilinearEvenWithAntialias() {
        try (Letterbox smooth = new Letterbox(S, S, 114, true);
             Letterbox plain = new Letterbox(S, S, 114, false);
             Mat frame = new Mat(240, 320, CV_8UC3)) {
            ByteBuffer px = frame.createBuffer();
            for (int i = 0; i < px.capacity(); i++) {
                px.put(i, (byte) (i * 7 + i / 960));
            }
            float[] a = new float[smooth.size()];
            float[] b = new float[plain.size()];
            smooth.fill(frame, a);
            plain.fill(frame, b);
            assertThat(a).isEqualTo(b);
        }
    }

    @Test
    void nonContinuousRoiFrameGivesTheSameAsItsCopy() {
        try (Letterbox lb = new Letterbox(S, S, 114);
             Mat big = new Mat(700, 900, CV_8UC3);
             org.bytedeco.opencv.opencv_core.Rect r = new org.bytedeco.opencv.opencv_core.Rect(50, 60, 768, 576);
             Mat roi = new Mat(big, r);
             Mat copy = roi.clone()) {
            ByteBuffer px = big.createBuffer();
            for (int i = 0; i < px.capacity(); i++) {
                px.put(i, (byte) (i * 13 + i / 2700));
            }
            roi.copyTo(copy);
            assertThat(roi.isContinuous()).isFalse();
            float[] a = new float[lb.size()];
            float[] b = new float[lb.size()];
            lb.fill(roi, a);
            lb.fill(copy, b);
            assertThat(a).isEqualTo(b);
        }
    }

    @Test
    void triangleKernelIsNormalisedAndAsWideAsTheFactor() {
        try (Mat k = Letterbox.triangleKernel(2.5)) {
            FloatBuffer w = k.createBuffer();
            assertThat(k.rows()).isEqualTo(7); // offsets -3..3, the outer two weigh 0
            float sum = 0;
            for (int i = 0; i < 7; i++) {
                sum += w.get(i);
            }
            assertThat(sum).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-6f));
            assertThat(w.get(0)).isZero();
            assertThat(w.get(3)).isGreaterThan(w.get(2)).isGreaterThan(w.get(1)).isGreaterThan(0f);
        }
    }

    @Test
    void rejectsEmptyAndNonBgrFrames() {
        try (Letterbox lb = new Letterbox(S, S, 114);
             Mat empty = new Mat();
             Mat grey = new Mat(10, 10, CV_8UC1);
             Mat bgra = new Mat(10, 10, CV_8UC4)) {
            float[] out = new float[lb.size()];
            assertThatThrownBy(() -> lb.fill(empty, out)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("empty");
            assertThatThrownBy(() -> lb.fill(grey, out)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CV_8UC1").hasMessageContaining("CV_8UC3");
            assertThatThrownBy(() -> lb.fill(bgra, out)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CV_8UC4");
            try (Mat ok = new Mat(10, 10, CV_8UC3)) {
                assertThatThrownBy(() -> lb.fill(ok, new float[10])).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("519168");
            }
        }
    }
}
