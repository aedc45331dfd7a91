package org.citywatch.analytics.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.citywatch.analytics.detect.Detector;
import org.citywatch.analytics.detect.OnnxDetector;
import org.citywatch.analytics.schedule.SchedulerSettings;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.ModelDescriptor;
import org.citywatch.assets.SampleMedia;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraKind;

/**
 * The real parts the pipeline tests share: frames of a sample clip decoded once into BGR24 {@link Frame}s of
 * their own (a decoder reuses its buffers, so each is cloned), the real model, and cameras to feed them as.
 */
final class ClipFrames {

    static final String PEDESTRIANS = "vtest_first20s_h264.mp4";
    static final String ONE_BY_ONE = "one-by-one-person-detection.mp4";

    private ClipFrames() {
    }

    /** The first {@code count} frames of the clip, as ingest decodes them (BGR24), each a deep copy. */
    static List<Frame> decode(String clip, int count) throws Exception {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        List<Frame> frames = new ArrayList<>(count);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(
                AssetResolver.fromEnvironment().resolve(SampleMedia.get(clip)).toString())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            Frame f;
            while (frames.size() < count && (f = grabber.grabImage()) != null) {
                frames.add(f.clone());
            }
            grabber.stop();
        }
        if (frames.size() < count) {
            throw new IllegalStateException(clip + " has only " + frames.size() + " frames, need " + count);
        }
        return frames;
    }

    static void close(List<Frame> frames) {
        if (frames != null) {
            frames.forEach(Frame::close);
        }
    }

    /** Opens the real yolox_nano on the CPU with one ONNX Runtime thread, once per pipeline worker. */
    static Supplier<Detector> yolox() {
        AssetResolver resolver = AssetResolver.fromEnvironment();
        ModelDescriptor model = ModelDescriptor.load("yolox_nano");
        return () -> OnnxDetector.open(model, resolver, 1);
    }

    /**
     * Polls the condition every 50 ms until it holds or the time is up; whether it held. Tests wait for what
     * the pipeline does on its one-second tick this way instead of sleeping a fixed time.
     */
    static boolean within(java.time.Duration limit, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Settings for a test: the given schedule and workers of one thread, frames at the model's width. */
    static AnalyticsSettings settings(SchedulerSettings schedule, int workers) {
        return AnalyticsSettings.defaults().withSchedule(schedule).withWorkers(workers, 1).withAnalysisWidth(416);
    }

    static Camera camera(String id, String... tags) {
        return new Camera(id, id, "rtsp://127.0.0.1/" + id, java.util.Optional.empty(), CameraKind.TRAFFIC,
                "test", "", 0, 0, Set.of(tags));
    }
}
