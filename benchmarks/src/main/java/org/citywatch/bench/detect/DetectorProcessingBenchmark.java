package org.citywatch.bench.detect;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.citywatch.analytics.detect.Detection;
import org.citywatch.analytics.detect.DjlOffline;
import org.citywatch.analytics.detect.Letterbox;
import org.citywatch.analytics.detect.YoloxDecoder;
import org.citywatch.analytics.detect.YoloxTranslator;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.ModelDescriptor;
import org.citywatch.assets.SampleMedia;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU cost around one YOLOX-Nano inference, on dog.jpg (768x576, a typical camera frame size):
 * {@code preprocess} letterboxes the frame into the model's 3x416x416 float buffer; {@code decode} turns one real
 * raw output of the model (captured once in setup) into detections. Both run per frame per camera, next to an
 * inference of about 16-18 ms on this machine.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true",
        "-DOPT_OUT_TRACKING=true"})
public class DetectorProcessingBenchmark {

    static final String MODEL = "yolox_nano";
    static final String IMAGE = "dog.jpg";

    static Mat readImage(AssetResolver resolver) {
        Path path = resolver.resolve(SampleMedia.get(IMAGE));
        Mat frame = imread(path.toString());
        if (frame.empty()) {
            frame.close();
            throw new IllegalStateException("cannot decode " + path);
        }
        return frame;
    }

    /** The frame and the letterbox; antialias on (the default, matching the reference) or off (plain bilinear). */
    @State(Scope.Thread)
    public static class Preprocess {
        @Param({"true", "false"})
        public boolean antialias;

        Mat frame;
        Letterbox letterbox;
        FloatBuffer input;

        @Setup(Level.Trial)
        public void setUp() {
            ModelDescriptor d = ModelDescriptor.load(MODEL);
            frame = readImage(AssetResolver.fromEnvironment());
            letterbox = new Letterbox(d.input().width(), d.input().height(), d.input().padValue(), antialias);
            input = letterbox.newDirectBuffer();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            letterbox.close();
            frame.close();
        }
    }

    /** One real raw output of the model for the frame, and the decoder. */
    @State(Scope.Thread)
    public static class Decode {
        YoloxDecoder decoder;
        Letterbox.Geometry geometry;
        float[] raw;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            ModelDescriptor d = ModelDescriptor.load(MODEL);
            AssetResolver resolver = AssetResolver.fromEnvironment();
            List<String> labels = Files.readAllLines(resolver.resolve(d.labelsFile())).stream()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
            decoder = YoloxDecoder.forModel(d, labels);
            try (Mat frame = readImage(resolver);
                 YoloxTranslator yolox = YoloxTranslator.forModel(d, labels)) {
                geometry = yolox.letterbox().geometry(frame.cols(), frame.rows());
                raw = captureRawOutput(d, resolver, yolox, frame);
            }
            List<Detection> found = decoder.decode(raw, geometry);
            if (found.isEmpty()) {
                throw new IllegalStateException("the captured output decodes to nothing; not a realistic input");
            }
        }

        /** Runs ORT once through DJL with the production preprocessing, keeping the raw output. */
        private static float[] captureRawOutput(ModelDescriptor d, AssetResolver resolver, YoloxTranslator yolox,
                                                Mat frame) throws Exception {
            DjlOffline.ensure();
            NoBatchifyTranslator<Mat, float[]> rawTranslator = new NoBatchifyTranslator<>() {
                @Override
                public NDList processInput(TranslatorContext ctx, Mat input) {
                    return yolox.processInput(ctx, input);
                }

                @Override
                public float[] processOutput(TranslatorContext ctx, NDList list) {
                    return list.singletonOrThrow().toFloatArray();
                }
            };
            Criteria<Mat, float[]> criteria = Criteria.builder()
                    .setTypes(Mat.class, float[].class)
                    .optModelPath(resolver.resolve(d.weights()))
                    .optEngine("OnnxRuntime")
                    .optTranslator(rawTranslator)
                    .build();
            try (ZooModel<Mat, float[]> model = criteria.loadModel();
                 Predictor<Mat, float[]> predictor = model.newPredictor()) {
                return predictor.predict(frame);
            }
        }
    }

    @Benchmark
    public Letterbox.Geometry preprocess(Preprocess s) {
        return s.letterbox.fill(s.frame, s.input);
    }

    @Benchmark
    public List<Detection> decode(Decode s) {
        return s.decoder.decode(s.raw, s.geometry);
    }
}
