package org.citywatch.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.ModelDescriptor;
import org.citywatch.assets.SampleMedia;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Frames the detector cannot take are refused clearly, and the detector keeps working afterwards. */
class YoloxDetectorBadInputTest {

    static AssetResolver resolver;
    static OnnxDetector detector;

    @BeforeAll
    static void open() {
        resolver = AssetResolver.fromEnvironment();
        detector = OnnxDetector.open(ModelDescriptor.load("yolox_nano"), resolver);
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    @Test
    void badFramesAreRejectedAndTheDetectorStillWorks() {
        try (Mat empty = new Mat();
             Scalar grey = new Scalar(128);
             Mat mono = new Mat(240, 320, CV_8UC1, grey);
             Mat floats = new Mat(240, 320, CV_32FC3)) {
            assertThatThrownBy(() -> detector.detect(empty))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("empty");
            assertThatThrownBy(() -> detector.detect(mono))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CV_8UC1")
                    .hasMessageContaining("expected CV_8UC3");
            assertThatThrownBy(() -> detector.detect(floats))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CV_32FC3");
            assertThatThrownBy(() -> detector.detect(null))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        try (Mat dog = imread(resolver.resolve(SampleMedia.get("dog.jpg")).toString())) {
            List<Detection> found = detector.detect(dog);
            assertThat(found).extracting(Detection::label).contains("dog", "bicycle", "car");
        }
    }

    @Test
    void closedDetectorRefusesWork() {
        OnnxDetector other = OnnxDetector.open(ModelDescriptor.load("yolox_nano"), resolver);
        other.close();
        other.close(); // idempotent
        try (Mat frame = new Mat(64, 64, org.bytedeco.opencv.global.opencv_core.CV_8UC3)) {
            assertThatThrownBy(() -> other.detect(frame)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }
}
