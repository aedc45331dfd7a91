package org.citywatch.bench.analytics;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.analytics.detect.OnnxDetector;
import org.citywatch.analytics.pipeline.AnalyticsPipeline;
import org.citywatch.analytics.pipeline.AnalyticsSettings;
import org.citywatch.analytics.pipeline.MediaHubDecodeControl;
import org.citywatch.analytics.pipeline.PipelineFigures;
import org.citywatch.analytics.pipeline.ScheduleView;
import org.citywatch.analytics.schedule.SchedulerSettings;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.ModelDescriptor;
import org.citywatch.assets.SampleMedia;
import org.citywatch.bench.BenchMain;
import org.citywatch.bench.farm.ClipEncoder;
import org.citywatch.bench.farm.FarmProcess;
import org.citywatch.bench.ingest.ChildJvm;
import org.citywatch.bench.ingest.ProcSample;
import org.citywatch.bench.ort.BareOrt;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraKind;
import org.citywatch.ingest.decode.DecodePolicy;
import org.citywatch.ingest.source.CameraFleet;
import org.citywatch.ingest.source.CameraHealth;
import org.citywatch.ingest.source.CameraSources;
import org.citywatch.ingest.source.CameraStatus;
import org.citywatch.ingest.source.SupervisedCameraSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./citywatch bench analytics --streams N --seconds S}: the analytics stage against its baseline, in one run
 * on one machine. First bare ONNX Runtime on the shipped model (the same workers x threads, a fixed input, no
 * pre- or post-processing): the inference rate the stage can at best reach. Then the whole stage: a camera farm
 * (a child JVM) serves N RTSP streams of a sample clip; this process ingests them (Netty RTSP, FFmpeg decode
 * scaled to the model's width in the colour conversion), and the analytics pipeline analyses all N (the
 * scheduler's cap is N) at the target rate: copy, letterbox, detect, track, rules. The stage is saturated when N x
 * fps exceeds what the detector can do, and then its analysed rate is compared with the bare rate.
 */
@Command(name = "analytics", mixinStandardHelpOptions = true,
        description = "Bare ONNX Runtime rate vs the full analytics stage (RTSP ingest, decode, scale, detect, "
                + "track) on N looped sample streams; latency, CPU, heap.")
public final class AnalyticsBench implements Callable<Integer> {

    private static final String CLIP_FILE = "clip.mp4";

    @Option(names = "--streams", defaultValue = "50", description = "analysed streams (default ${DEFAULT-VALUE})")
    int streams;

    @Option(names = "--seconds", defaultValue = "60", description = "measured seconds of the stage (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--fps", defaultValue = "5", description = "target analysis rate per stream (default ${DEFAULT-VALUE})")
    double fps;

    @Option(names = "--workers", defaultValue = "0", description = "inference workers, 0: one per core (default ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--threads", defaultValue = "1", description = "ONNX Runtime intra-op threads per worker (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--motion-gate", defaultValue = "false",
            description = "skip detection on still frames (default ${DEFAULT-VALUE}: every analysed frame is detected, "
                    + "so the stage is compared with the bare rate like for like)")
    boolean motionGate;

    @Option(names = "--baseline-seconds", defaultValue = "20", description = "bare ONNX Runtime run (default ${DEFAULT-VALUE})")
    int baselineSeconds;

    @Option(names = "--warmup", defaultValue = "30",
            description = "seconds after all streams are up before measuring: decoders synced, JIT warm, the "
                    + "scheduler's rate settled on the measured capacity (default ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--clip", defaultValue = "vtest_first20s_h264.mp4", description = "sample clip (default ${DEFAULT-VALUE})")
    String clipName;

    @Override
    public Integer call() throws Exception {
        AssetResolver assets = AssetResolver.fromEnvironment();
        ModelDescriptor model = ModelDescriptor.load("yolox_nano");
        AnalyticsSettings settings = AnalyticsSettings.defaults()
                .withSchedule(new SchedulerSettings(streams, fps, Duration.ofSeconds(20), Math.min(0.5, fps)))
                .withWorkers(workers, threads)
                .withAnalysisWidth(model.input().width())
                .withMotionGate(motionGate);
        int pool = settings.effectiveWorkers();
        System.out.printf(Locale.ROOT, "Analytics stage: %d streams at %.1f fps target, %d worker(s) x %d thread(s), "
                + "motion gate %s, %d s measured%n", streams, fps, pool, threads, motionGate ? "on" : "off", seconds);

        // DJL creates ONNX Runtime's one environment (with its own threading options) on first use; create it now,
        // so that the bare baseline below shares it instead of creating one DJL would then refuse.
        OnnxDetector.open(model, assets, threads).close();
        System.out.printf(Locale.ROOT, "  1/2 bare ONNX Runtime, %d worker(s) x %d thread(s), %d s ...%n", pool, threads,
                baselineSeconds);
        BareOrt.Result bare = BareOrt.run(assets.resolve(model.weights()), pool, threads, Duration.ofSeconds(3),
                Duration.ofSeconds(baselineSeconds));
        System.out.printf(Locale.ROOT, "      %.1f inferences/s, %.1f ms mean per inference%n",
                bare.inferencesPerSecond(), bare.meanMs());

        Path work = Files.createTempDirectory("citywatch-bench-analytics-");
        ClipEncoder.Result clip = ClipEncoder.encode(assets.resolve(SampleMedia.get(clipName)), work.resolve(CLIP_FILE));
        System.out.println("  2/2 full stage; farm clip: " + clip.description() + "; logs in " + work);
        ChildJvm farm = null;
        try {
            int port = FarmProcess.freePort();
            farm = FarmProcess.start(List.of("--cameras", "" + streams, "--port", "" + port,
                    "--clip", clip.file().toString()), work.resolve("farm.log"), line -> { });
            return stage(assets, model, settings, pool, port, bare);
        } finally {
            if (farm != null) {
                farm.stop();
            }
            Files.deleteIfExists(work.resolve(CLIP_FILE));
        }
    }

    private int stage(AssetResolver assets, ModelDescriptor model, AnalyticsSettings settings, int pool, int port,
                      BareOrt.Result bare) throws Exception {
        List<Camera> cameras = new ArrayList<>();
        for (int n = 1; n <= streams; n++) {
            cameras.add(new Camera(String.format(Locale.ROOT, "cam-%04d", n), null,
                    "rtsp://127.0.0.1:" + port + "/cam/" + n, CameraKind.TRAFFIC, "farm", 0, 0));
        }
        CameraSources.Settings d = CameraSources.Settings.defaults();
        DecodePolicy idle = DecodePolicy.thumbnailDefault();
        AtomicReference<CameraFleet> fleetRef = new AtomicReference<>();
        try (CameraSources sources = new CameraSources(assets, new CameraSources.Settings(d.initialBackoff(),
                     d.maxBackoff(), d.slowRetry(), SupervisedCameraSource.StallPolicy.defaults(), idle,
                     settings.analysisWidth()));
             InMemoryAlertStore alerts = new InMemoryAlertStore(1000);
             AnalyticsPipeline pipeline = new AnalyticsPipeline(settings,
                     () -> OnnxDetector.open(model, assets, threads), alerts,
                     new MediaHubDecodeControl(sources.media(), idle,
                             id -> Optional.ofNullable(fleetRef.get()).flatMap(f -> f.get(id))
                                     .flatMap(e -> e.health().keyframeInterval())));
             CameraFleet fleet = new CameraFleet(sources, pipeline)) {
            fleetRef.set(fleet);
            pipeline.setCameras(cameras);
            fleet.start(cameras);
            waitStreaming(fleet, Duration.ofSeconds(60));
            TimeUnit.SECONDS.sleep(warmupSeconds);

            long pid = ProcessHandle.current().pid();
            Map<String, Long> before = analysedPerCamera(pipeline, cameras);
            PipelineFigures f0 = pipeline.figures();
            ProcSample p0 = ProcSample.read(pid);
            double heapPeak = 0;
            double rssPeak = 0;
            long start = System.nanoTime();
            for (int s = 1; s <= seconds; s++) {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, start + s * 1_000_000_000L - System.nanoTime()));
                heapPeak = Math.max(heapPeak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()
                        / 1048576.0);
                ProcSample p = ProcSample.read(pid);
                if (p != null) {
                    rssPeak = Math.max(rssPeak, p.rssMib());
                }
                if (s % 10 == 0) {
                    PipelineFigures f = pipeline.figures();
                    System.out.printf(Locale.ROOT, "      t=%3d s  analysed %.1f fps  granted %.2f fps/stream  "
                                    + "p99 %.0f ms  cpu %.2f cores%n", s,
                            (f.analysedFrames() - f0.analysedFrames()) / (double) s, pipeline.schedule().fps(),
                            f.latencyP99Ms(), p == null || p0 == null ? 0 : p.coresSince(p0));
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            ProcSample p1 = ProcSample.read(pid);
            PipelineFigures f1 = pipeline.figures();
            ScheduleView view = pipeline.schedule();
            Map<String, Long> after = analysedPerCamera(pipeline, cameras);
            double minRate = Double.MAX_VALUE;
            double maxRate = 0;
            for (Camera c : cameras) {
                double r = (after.get(c.id()) - before.get(c.id())) / elapsed;
                minRate = Math.min(minRate, r);
                maxRate = Math.max(maxRate, r);
            }
            double stageFps = (f1.analysedFrames() - f0.analysedFrames()) / elapsed;
            double detectedFps = (f1.detectedFrames() - f0.detectedFrames()) / elapsed;
            int streamingAtEnd = (int) fleet.snapshot().stream()
                    .filter(e -> e.health().status() == CameraStatus.STREAMING).count();
            return report(bare, pool, stageFps, detectedFps, minRate, maxRate, f0, f1, view, elapsed,
                    p0 == null || p1 == null ? Double.NaN : p1.coresSince(p0), heapPeak, rssPeak, streamingAtEnd);
        }
    }

    private int report(BareOrt.Result bare, int pool, double stageFps, double detectedFps, double minRate,
                       double maxRate, PipelineFigures f0, PipelineFigures f1, ScheduleView view, double elapsed,
                       double cores, double heapPeak, double rssPeak, int streaming) {
        double ratio = stageFps / bare.inferencesPerSecond();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("benchmark", "analytics");
        j.put("streams", streams);
        j.put("bare_ort_inferences_per_second", BenchMain.round(bare.inferencesPerSecond()));
        j.put("full_stage_fps", BenchMain.round(stageFps));
        j.put("ratio", BenchMain.round4(ratio));
        j.put("effective_fps_per_stream", BenchMain.round(stageFps / streams));
        j.put("latency_p50_ms", BenchMain.round(f1.latencyP50Ms()));
        j.put("latency_p99_ms", BenchMain.round(f1.latencyP99Ms()));
        j.put("cpu_cores", BenchMain.round(cores));
        j.put("heap_peak_mib", BenchMain.round(heapPeak));
        j.put("resident_peak_mib", BenchMain.round(rssPeak));
        j.put("target_fps_per_stream", fps);
        j.put("granted_fps_per_stream", BenchMain.round(view.fps()));
        j.put("overloaded", view.overloaded() ? 1 : 0);
        j.put("min_stream_fps", BenchMain.round(minRate));
        j.put("max_stream_fps", BenchMain.round(maxRate));
        j.put("detected_fps", BenchMain.round(detectedFps));
        j.put("dropped_frames", f1.droppedFrames() - f0.droppedFrames());
        j.put("failed_frames", f1.failedFrames() - f0.failedFrames());
        j.put("capacity_fps_measured", BenchMain.round(view.capacityFps()));
        j.put("bare_ort_mean_ms", BenchMain.round(bare.meanMs()));
        j.put("workers", pool);
        j.put("intra_op_threads", threads);
        j.put("motion_gate", motionGate ? 1 : 0);
        j.put("streaming", streaming);
        j.put("seconds", BenchMain.round(elapsed));

        System.out.println();
        System.out.printf(Locale.ROOT, "Analytics stage, %d streams, %.0f s (after all streaming + %d s warm-up):%n",
                streams, elapsed, warmupSeconds);
        System.out.printf(Locale.ROOT, "  bare ONNX Runtime (baseline)   %8.1f inferences/s (%d x %d threads)%n",
                bare.inferencesPerSecond(), pool, threads);
        System.out.printf(Locale.ROOT, "  full stage                     %8.1f frames/s analysed (%.1f detected) = "
                + "%.0f %% of bare (goal >= 80 %%)%n", stageFps, detectedFps, ratio * 100);
        System.out.printf(Locale.ROOT, "  per stream                     %8.2f fps (min %.2f, max %.2f; granted %.2f of "
                + "%.1f target%s)%n", stageFps / streams, minRate, maxRate, view.fps(), fps,
                view.overloaded() ? ", OVERLOADED" : "");
        System.out.printf(Locale.ROOT, "  frame to detections            p50 %.0f ms, p99 %.0f ms%n", f1.latencyP50Ms(),
                f1.latencyP99Ms());
        System.out.printf(Locale.ROOT, "  dropped instead of late        %d frames; failed %d%n",
                f1.droppedFrames() - f0.droppedFrames(), f1.failedFrames() - f0.failedFrames());
        System.out.printf(Locale.ROOT, "  this process (ingest+analytics) %.2f cores, heap peak %.0f MiB, resident peak "
                + "%.0f MiB; %d of %d streaming%n", cores, heapPeak, rssPeak, streaming, streams);
        System.out.println(BenchMain.toJson(j));
        return 0;
    }

    private static Map<String, Long> analysedPerCamera(AnalyticsPipeline pipeline, List<Camera> cameras) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Camera c : cameras) {
            out.put(c.id(), pipeline.stats(c.id()).map(s -> s.analysedFrames()).orElse(0L));
        }
        return out;
    }

    private void waitStreaming(CameraFleet fleet, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            long streaming = fleet.snapshot().stream().map(CameraFleet.Entry::health)
                    .map(CameraHealth::status).filter(s -> s == CameraStatus.STREAMING).count();
            if (streaming == streams) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("not all " + streams + " streams were STREAMING within " + limit);
    }
}
