package org.citywatch.bench.ort;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.opencv.opencv_core.Mat;
import org.citywatch.analytics.detect.Letterbox;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.ModelDescriptor;
import org.citywatch.assets.SampleMedia;

/**
 * The inference speed of the detector's model with nothing around it: ONNX Runtime's own Java API, no DJL, no
 * pre- or post-processing, the same letterboxed input (dog.jpg) again and again. It is the ceiling the analytics
 * pipeline is compared with in the same run, so that a "frames per second" figure can be read as a fraction of
 * what this machine can do at all.
 *
 * <p>{@code workers} threads each open their own session (intra-op threads {@code intraOpThreads}, inter-op 1,
 * sequential execution, ORT's default graph optimisations: as {@code OnnxDetector} asks DJL for) and call
 * {@code session.run} back to back, first for {@code warmup} (not counted), then for {@code measure}. An
 * inference counts if it started after the warm-up and ended before the end: at most one per worker is lost at
 * each edge, a fraction of a percent at 20 s. The outputs are closed unread (the pipeline copies them out,
 * about 1.2 MB per inference, which is its own cost, not the model's).
 *
 * <p>Self-contained: call {@link #run(Path, int, int, Duration, Duration)} from any benchmark; it opens and
 * closes everything it uses. Not meant to run next to another measurement: it occupies {@code workers *
 * intraOpThreads} cores.
 */
public final class BareOrt {

    static final String MODEL = "yolox_nano";
    static final String IMAGE = "dog.jpg";

    private BareOrt() {
    }

    /**
     * What one configuration achieved.
     *
     * @param inferences          inferences counted in the measured window, all workers together
     * @param seconds             the measured window's length
     * @param inferencesPerSecond {@code inferences / seconds}: the machine's throughput in this configuration
     * @param meanMs              mean time of one {@code session.run}, as its caller sees it
     * @param p50Ms               median of the same
     * @param p99Ms               99th percentile of the same (nearest rank)
     */
    public record Result(int workers, int intraOpThreads, long inferences, double seconds,
                         double inferencesPerSecond, double meanMs, double p50Ms, double p99Ms) {
    }

    /** A model input: its tensor's name, its data (direct, native order) and its shape. */
    public record Input(String name, FloatBuffer data, long[] shape) {
    }

    /** The shipped detector model's weights, found as the rest of CityWatch finds them. */
    public static Path model() {
        return AssetResolver.fromEnvironment().resolve(ModelDescriptor.load(MODEL).weights());
    }

    /** dog.jpg (768x576) letterboxed into the model's input, as the detector would, once. */
    public static Input dogInput() {
        ModelDescriptor d = ModelDescriptor.load(MODEL);
        Path image = AssetResolver.fromEnvironment().resolve(SampleMedia.get(IMAGE));
        Mat frame = imread(image.toString());
        try (Letterbox letterbox = Letterbox.forModel(d)) {
            if (frame.empty()) {
                throw new IllegalStateException("cannot decode " + image);
            }
            FloatBuffer data = letterbox.newDirectBuffer();
            letterbox.fill(frame, data);
            return new Input(d.input().name(), data, new long[] {1, 3, letterbox.height(), letterbox.width()});
        } finally {
            frame.close();
        }
    }

    /** {@link #run(Path, Input, int, int, Duration, Duration)} with {@link #dogInput()}. */
    public static Result run(Path model, int workers, int intraOpThreads, Duration warmup, Duration measure)
            throws OrtException, InterruptedException {
        return run(model, dogInput(), workers, intraOpThreads, warmup, measure);
    }

    /**
     * Runs the model back to back on {@code workers} threads, each with its own session and its own copy of the
     * input, and measures the throughput and the time per inference.
     *
     * @throws OrtException if the model cannot be opened or run (nothing stays open)
     */
    public static Result run(Path model, Input input, int workers, int intraOpThreads, Duration warmup,
                             Duration measure) throws OrtException, InterruptedException {
        if (workers < 1 || intraOpThreads < 1) {
            throw new IllegalArgumentException("need workers >= 1 and intraOpThreads >= 1: " + workers + ", "
                    + intraOpThreads);
        }
        if (warmup.isNegative() || measure.isNegative() || measure.isZero()) {
            throw new IllegalArgumentException("need warmup >= 0 and measure > 0: " + warmup + ", " + measure);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<OrtSession> sessions = new ArrayList<>();
        List<OnnxTensor> tensors = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "bare-ort");
            t.setDaemon(true);
            return t;
        });
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            // Sessions are opened before the clock starts: opening one takes longer than many inferences.
            for (int w = 0; w < workers; w++) {
                sessions.add(env.createSession(model.toString(), options));
                tensors.add(OnnxTensor.createTensor(env, copy(input.data()), input.shape()));
            }
            long start = System.nanoTime();
            long measureFrom = start + warmup.toNanos();
            long measureTo = measureFrom + measure.toNanos();
            List<Future<long[]>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Map<String, OnnxTensor> feed = Map.of(input.name(), tensors.get(w));
                OrtSession session = sessions.get(w);
                futures.add(pool.submit(() -> loop(session, feed, measureFrom, measureTo)));
            }
            long[] all = new long[0];
            for (Future<long[]> f : futures) {
                long[] mine = f.get();
                int at = all.length;
                all = Arrays.copyOf(all, at + mine.length);
                System.arraycopy(mine, 0, all, at, mine.length);
            }
            return summarise(workers, intraOpThreads, all, (measureTo - measureFrom) / 1e9);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OrtException ort) {
                throw ort;
            }
            throw new IllegalStateException("bare ONNX Runtime worker failed", e.getCause());
        } finally {
            // A session must not be closed while a worker may still be inside its run (a native crash, not an
            // exception): after a failure the other workers stop at their next inference.
            pool.shutdownNow();
            if (!pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                throw new IllegalStateException("bare ONNX Runtime workers did not stop; sessions left open");
            }
            tensors.forEach(OnnxTensor::close);
            for (OrtSession s : sessions) {
                s.close();
            }
        }
    }

    /** One worker: inferences until {@code to}; returns the durations (ns) of those within the window. */
    private static long[] loop(OrtSession session, Map<String, OnnxTensor> feed, long from, long to)
            throws OrtException {
        long[] times = new long[1024];
        int n = 0;
        while (true) {
            long t0 = System.nanoTime();
            if (t0 >= to || Thread.currentThread().isInterrupted()) {
                return Arrays.copyOf(times, n);
            }
            try (OrtSession.Result ignored = session.run(feed)) {
                long t1 = System.nanoTime();
                if (t0 >= from && t1 <= to) {
                    if (n == times.length) {
                        times = Arrays.copyOf(times, 2 * n);
                    }
                    times[n++] = t1 - t0;
                }
            }
        }
    }

    private static Result summarise(int workers, int threads, long[] nanos, double seconds) {
        if (nanos.length == 0) {
            return new Result(workers, threads, 0, seconds, 0, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(Double.NaN) / 1e6;
        return new Result(workers, threads, sorted.length, seconds, sorted.length / seconds, mean,
                rank(sorted, 0.50) / 1e6, rank(sorted, 0.99) / 1e6);
    }

    /** Nearest-rank percentile of sorted values. */
    private static long rank(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** A direct, native-order copy: ONNX Runtime reads it in place, and each worker has its own. */
    private static FloatBuffer copy(FloatBuffer data) {
        FloatBuffer out = ByteBuffer.allocateDirect(Float.BYTES * data.capacity()).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        out.put(data.duplicate().clear());
        return out.flip();
    }
}
