package org.citywatch.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.opencv.opencv_core.Mat;
import org.citywatch.assets.AssetRef;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.ModelDescriptor;
import org.citywatch.assets.SampleMedia;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real model on the real images must find what the independent reference implementation found. */
class YoloxReferenceTest {

    static final AssetRef REFERENCE = new AssetRef("models", "reference-detections.txt",
            Set.of("70474041605d0d0ff3f6085f0392757889a0841b6cd741ca81758b582ced5f8b"), Optional.empty());

    /** The README's bar: every reference detection at or above this score must be found. */
    static final float MUST_FIND = 0.5f;
    static final float SCORE_TOLERANCE = 0.05f;
    static final float EDGE_TOLERANCE_PX = 8f;

    record Expected(String label, float score, float[] box) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %.2f [%.0f,%.0f,%.0f,%.0f]", label, score, box[0], box[1], box[2],
                    box[3]);
        }
    }

    record Image(String file, int width, int height, List<Expected> expected) {
    }

    static AssetResolver resolver;
    static OnnxDetector detector;

    @BeforeAll
    static void open() {
        resolver = AssetResolver.fromEnvironment();
        detector = OnnxDetector.open(ModelDescriptor.load("yolox_nano"), resolver);
    }

    @AfterAll
    static void close() {
        if (detector != null) {
            detector.close();
        }
    }

    @Test
    void busMatchesReference() throws IOException {
        check("bus.jpg");
    }

    @Test
    void dogMatchesReference() throws IOException {
        check("dog.jpg");
    }

    private void check(String file) throws IOException {
        Image ref = reference().get(file);
        assertThat(ref).as("reference-detections.txt lists %s", file).isNotNull();
        assertThat(ref.expected()).as("reference detections >= %s for %s", MUST_FIND, file)
                .anyMatch(e -> e.score() >= MUST_FIND);
        Path path = resolver.resolve(SampleMedia.get(file));
        try (Mat frame = imread(path.toString())) {
            assertThat(frame.empty()).as("imread %s", path).isFalse();
            assertThat(frame.cols() + "x" + frame.rows()).isEqualTo(ref.width() + "x" + ref.height());
            List<Detection> found = detector.detect(frame);
            System.out.println(file + ": found " + found + "\n  reference " + ref.expected());
            for (Expected e : ref.expected()) {
                if (e.score() < MUST_FIND) {
                    continue;
                }
                assertThat(found).as("%s: a detection matching reference %s among %s", file, e, found)
                        .anyMatch(d -> matches(d, e));
            }
        }
    }

    static boolean matches(Detection d, Expected e) {
        BoundingBox b = d.box();
        return d.label().equals(e.label())
                && Math.abs(d.score() - e.score()) <= SCORE_TOLERANCE
                && Math.abs(b.x1() - e.box()[0]) <= EDGE_TOLERANCE_PX
                && Math.abs(b.y1() - e.box()[1]) <= EDGE_TOLERANCE_PX
                && Math.abs(b.x2() - e.box()[2]) <= EDGE_TOLERANCE_PX
                && Math.abs(b.y2() - e.box()[3]) <= EDGE_TOLERANCE_PX;
    }

    private static final Pattern HEADER = Pattern.compile("^(?:.*/)?([^/\\s]+)\\s+(\\d+)x(\\d+)\\s*$");
    // Labels may hold spaces ("traffic light"), so the label is everything before the score.
    private static final Pattern ROW = Pattern.compile(
            "^\\s+(.+?)\\s+([0-9.]+)\\s+\\[\\s*([-0-9.]+),\\s*([-0-9.]+),\\s*([-0-9.]+),\\s*([-0-9.]+)\\s*]\\s*$");

    /** Parses reference-detections.txt: "media/x.jpg WxH" headers, then indented "label score [x1,y1,x2,y2]". */
    static Map<String, Image> reference() throws IOException {
        Map<String, Image> images = new LinkedHashMap<>();
        Image current = null;
        for (String line : Files.readAllLines(resolver.resolve(REFERENCE))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher row = ROW.matcher(line);
            Matcher header = HEADER.matcher(line);
            if (row.matches() && current != null) {
                float[] box = new float[4];
                for (int i = 0; i < 4; i++) {
                    box[i] = Float.parseFloat(row.group(3 + i));
                }
                current.expected().add(new Expected(row.group(1), Float.parseFloat(row.group(2)), box));
            } else if (header.matches()) {
                current = new Image(header.group(1), Integer.parseInt(header.group(2)),
                        Integer.parseInt(header.group(3)), new ArrayList<>());
                images.put(current.file(), current);
            } else {
                throw new IllegalStateException("unparseable reference line: " + line);
            }
        }
        return images;
    }
}
