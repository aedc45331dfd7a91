package org.citywatch.bench.detect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.citywatch.analytics.detect.BoundingBox;
import org.citywatch.analytics.detect.Detection;
import org.citywatch.analytics.detect.Nms;
import org.citywatch.assets.ModelDescriptor;
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
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class-aware NMS alone ({@link Nms#apply}), on synthetic candidates shaped like a busy street frame's: about
 * {@value #OBJECTS} objects (persons, cars, a few trucks, bicycles and buses) in a 1280x720 frame, each seen as a
 * cluster of overlapping duplicate boxes as the YOLOX grid emits them, some duplicates with a confusable class
 * (a car also scored as a truck). {@link DetectorProcessingBenchmark#decode} times NMS inside the decoding of one
 * real output (dog.jpg: three objects); 100 and 1000 candidates show how NMS alone scales on crowded scenes, where
 * its sort and its kept-list scan are what grows.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true",
        "-DOPT_OUT_TRACKING=true"})
public class NmsBenchmark {

    private static final Logger log = LoggerFactory.getLogger(NmsBenchmark.class);

    static final int OBJECTS = 20;
    static final long SEED = 20261122L;

    /** The candidate list (in grid order, not by score, as the decoder hands it over) and the model's IoU. */
    @State(Scope.Thread)
    public static class Candidates {
        @Param({"100", "1000"})
        public int candidates;

        List<Detection> input;
        double iou;

        @Setup(Level.Trial)
        public void setUp() {
            iou = ModelDescriptor.load(DetectorProcessingBenchmark.MODEL).output().nmsIou();
            input = scene(candidates, new Random(SEED));
            int kept = Nms.apply(input, iou).size();
            // A realistic input keeps about one box per object and class: far fewer than a random box soup.
            if (kept < OBJECTS / 2 || kept > 4 * OBJECTS) {
                throw new IllegalStateException(kept + " of " + candidates + " candidates kept: not a realistic scene");
            }
            log.info("{} candidates around {} objects: NMS at IoU {} keeps {}", candidates, OBJECTS, iou, kept);
        }
    }

    @Benchmark
    public List<Detection> nms(Candidates s) {
        return Nms.apply(s.input, s.iou);
    }

    private record Kind(int classId, String label, float width, float height, int confusableId, String confusable) {
    }

    // COCO ids. Vehicles are sometimes scored as a neighbouring class too: that is what class-aware NMS keeps apart.
    private static final Kind PERSON = new Kind(0, "person", 40, 100, 0, "person");
    private static final Kind CAR = new Kind(2, "car", 140, 80, 7, "truck");
    private static final Kind TRUCK = new Kind(7, "truck", 220, 140, 2, "car");
    private static final Kind BICYCLE = new Kind(1, "bicycle", 60, 50, 3, "motorcycle");
    private static final Kind BUS = new Kind(5, "bus", 300, 160, 7, "truck");

    /** {@code n} candidates around {@link #OBJECTS} objects, shuffled. */
    static List<Detection> scene(int n, Random rnd) {
        List<Detection> out = new ArrayList<>(n);
        for (int o = 0; o < OBJECTS; o++) {
            Kind kind = kind(rnd);
            float scale = 0.6f + 0.8f * rnd.nextFloat(); // near and far objects
            float w = kind.width * scale;
            float h = kind.height * scale;
            float x = rnd.nextFloat() * (1280 - w);
            float y = rnd.nextFloat() * (720 - h);
            float best = 0.55f + 0.4f * rnd.nextFloat();
            // Spread the candidates evenly: the first objects take the remainder.
            int duplicates = n / OBJECTS + (o < n % OBJECTS ? 1 : 0);
            for (int k = 0; k < duplicates; k++) {
                // Neighbouring grid cells predict the same object a few percent off, with lower scores.
                float jx = 0.08f * w;
                float jy = 0.08f * h;
                float x1 = x + jx * (float) rnd.nextGaussian();
                float y1 = y + jy * (float) rnd.nextGaussian();
                float x2 = x + w + jx * (float) rnd.nextGaussian();
                float y2 = y + h + jy * (float) rnd.nextGaussian();
                float score = k == 0 ? best : Math.max(0.3f, best - 0.35f * rnd.nextFloat());
                boolean confused = k > 0 && rnd.nextFloat() < 0.15f;
                out.add(new Detection(confused ? kind.confusableId : kind.classId,
                        confused ? kind.confusable : kind.label, score,
                        new BoundingBox(Math.min(x1, x2 - 1), Math.min(y1, y2 - 1), x2, y2)));
            }
        }
        Collections.shuffle(out, rnd);
        return List.copyOf(out);
    }

    private static Kind kind(Random rnd) {
        float p = rnd.nextFloat();
        return p < 0.5f ? PERSON : p < 0.8f ? CAR : p < 0.9f ? BICYCLE : p < 0.97f ? TRUCK : BUS;
    }
}
