package org.citywatch.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.ModelDescriptor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real ONNX Runtime on small hand-written ONNX files: a file whose tensors differ from its descriptor is refused at
 * start-up with both shapes; an output of an unexpected size at run time fails that frame only.
 */
class OnnxModelMismatchTest {

    /** 416x416 with strides 8, 16, 32, as yolox_nano: 52*52 + 26*26 + 13*13. */
    static final int ROWS = 3549;
    static final int COLUMNS = 85;

    @TempDir
    static Path dir;
    static AssetResolver resolver;
    static ModelDescriptor.Labels labels80;
    static ModelDescriptor.Labels labels3;

    @BeforeAll
    static void setUp() throws IOException {
        // Only the temporary directory: no shared folder, no cache, no downloads.
        resolver = new AssetResolver(Optional.of(dir), dir.resolve("checkout"), dir.resolve("cache"),
                Optional.empty());
        labels80 = labels("labels80.txt", IntStream.range(0, 80).mapToObj(i -> "class" + i).toList());
        labels3 = labels("labels3.txt", List.of("person", "car", "bicycle"));
    }

    @Test
    void aMatchingFileOpensAndRuns() throws IOException {
        ModelDescriptor d = descriptor("matching", TinyOnnx.slicing("images", 416, 416, "output", ROWS, COLUMNS),
                labels80);
        try (OnnxDetector detector = OnnxDetector.open(d, resolver);
             Scalar black = new Scalar(0, 0, 0, 0);
             Mat frame = new Mat(416, 416, CV_8UC3, black)) {
            // The output is the first input values: all 0 for a black frame, so no object scores anything.
            assertThat(detector.detect(frame)).isEmpty();
        }
    }

    @Test
    void aLargerInputIsRefusedWithBothShapes() throws IOException {
        ModelDescriptor d = descriptor("input640", TinyOnnx.slicing("images", 640, 640, "output", ROWS, COLUMNS),
                labels80);
        assertThat(refused(d))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("model input640 ")
                .hasMessageContaining(dir.resolve("models").resolve("input640.onnx").toString())
                .hasMessageContaining("descriptor says input images [1, 3, 416, 416], "
                        + "the ONNX file has images [1, 3, 640, 640]")
                .hasMessageNotContaining("descriptor says output");
    }

    @Test
    void aDifferentOutputIsRefusedWithBothShapes() throws IOException {
        ModelDescriptor d = descriptor("rows100", TinyOnnx.slicing("images", 416, 416, "output", 100, COLUMNS),
                labels80);
        assertThat(refused(d))
                .hasMessageContaining("model rows100 ")
                .hasMessageContaining("rows100.onnx")
                .hasMessageContaining("descriptor says output output [1, 3549, 85]")
                .hasMessageContaining("the ONNX file has output [1, 100, 85]")
                .hasMessageNotContaining("descriptor says input");
    }

    @Test
    void fewerLabelsThanTheModelHasClassesIsRefused() throws IOException {
        ModelDescriptor d = descriptor("labels3", TinyOnnx.slicing("images", 416, 416, "output", ROWS, COLUMNS),
                labels3);
        assertThat(refused(d))
                .hasMessageContaining("descriptor says output output [1, 3549, 8] (strides [8, 16, 32] on 416x416,"
                        + " 5 + 3 labels in labels3.txt), the ONNX file has output [1, 3549, 85]");
    }

    @Test
    void otherTensorNamesAreRefused() throws IOException {
        ModelDescriptor d = descriptor("names", TinyOnnx.slicing("input", 416, 416, "logits", ROWS, COLUMNS),
                labels80);
        assertThat(refused(d))
                .hasMessageContaining("descriptor says input images [1, 3, 416, 416], "
                        + "the ONNX file has input [1, 3, 416, 416]")
                .hasMessageContaining("descriptor says output output [1, 3549, 85]")
                .hasMessageContaining("the ONNX file has logits [1, 3549, 85]");
    }

    @Test
    void aSecondOutputIsRefused() throws IOException {
        // The translator reads exactly one output, so an extra one (here a copy of the input) is a mismatch too.
        TinyOnnx twoOutputs = TinyOnnx.slicing("images", 416, 416, "output", ROWS, COLUMNS)
                .output("copy", 1L, 3L, 416L, 416L)
                .node("Identity", List.of("images"), List.of("copy"));
        assertThat(refused(descriptor("two_outputs", twoOutputs, labels80)))
                .hasMessageContaining("descriptor says output output [1, 3549, 85]")
                .hasMessageContaining("the ONNX file has 2 outputs output [1, 3549, 85], copy [1, 3, 416, 416]")
                .hasMessageNotContaining("descriptor says input");
    }

    @Test
    void anOutputOfUnexpectedSizeFailsThatFrameOnly() throws IOException {
        // Declares output [1, "rows", 85]: start-up cannot check it. Rows = 169 * (the frame's brightest value).
        ModelDescriptor d = descriptor("dynamic", TinyOnnx.dataDependent("images", 416, 416, "output", 169, COLUMNS),
                labels80);
        try (OnnxDetector detector = OnnxDetector.open(d, resolver);
             Scalar twenty = new Scalar(20, 20, 20, 0);
             Scalar twentyOne = new Scalar(21, 21, 21, 0);
             Mat bad = new Mat(416, 416, CV_8UC3, twenty);
             Mat good = new Mat(416, 416, CV_8UC3, twentyOne)) {
            for (int round = 0; round < 2; round++) {
                assertThatThrownBy(() -> detector.detect(bad))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessage("inference of dynamic failed on this frame: the model returned output float32"
                                + " (1, 3380, 85), expected float32 (1, 3549, 85)");
                // 21 * 169 = 3549 rows of zeros: the expected shape, and nothing found.
                assertThat(detector.detect(good)).isEmpty();
            }
        }
    }

    @Test
    void theDeclaredShapesAreReadAsOnnxRuntimeReportsThem() throws IOException {
        // A symbolic dimension is shown by its name and accepted at start-up; fixed ones must be equal.
        ModelDescriptor d = descriptor("dynamic_rows", TinyOnnx.dataDependent("images", 416, 416, "output", 169,
                84), labels80);
        assertThat(refused(d))
                .hasMessageContaining("descriptor says output output [1, 3549, 85]")
                .hasMessageContaining("the ONNX file has output [1, rows, 84]");
    }

    @Test
    void aFileThatIsNotOnnxIsRefusedClearly() throws IOException {
        Path file = dir.resolve("models").resolve("garbage.onnx");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "not a model");
        ModelDescriptor d = descriptor("garbage", file, labels80);
        assertThatThrownBy(() -> OnnxDetector.open(d, resolver))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot load model garbage from " + file);
    }

    // --- helpers ---

    /** Opens the model, expecting a refusal; prints the message so that a reader of the test log can judge it. */
    static ModelMismatchException refused(ModelDescriptor d) {
        ModelMismatchException e = catchThrowableOfType(ModelMismatchException.class,
                () -> OnnxDetector.open(d, resolver));
        assertThat(e).as("open(%s) refused with a ModelMismatchException", d.name()).isNotNull();
        System.out.println(d.name() + " refused: " + e.getMessage());
        return e;
    }

    static ModelDescriptor descriptor(String name, TinyOnnx model, ModelDescriptor.Labels labels)
            throws IOException {
        return descriptor(name, model.write(dir.resolve("models").resolve(name + ".onnx")), labels);
    }

    static ModelDescriptor descriptor(String name, Path file, ModelDescriptor.Labels labels) throws IOException {
        return new ModelDescriptor(name, file.getFileName().toString(), sha256(file), null, "Apache-2.0",
                new ModelDescriptor.Input("images", 416, 416, "BGR", "none", "top-left", 114),
                new ModelDescriptor.Output("output", "yolox", List.of(8, 16, 32), 0.30, 0.45),
                labels);
    }

    static ModelDescriptor.Labels labels(String file, List<String> names) throws IOException {
        Path path = dir.resolve("models").resolve(file);
        Files.createDirectories(path.getParent());
        Files.write(path, names, StandardCharsets.UTF_8);
        return new ModelDescriptor.Labels(file, sha256(path));
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
