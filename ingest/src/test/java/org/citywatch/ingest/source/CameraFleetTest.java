package org.citywatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.citywatch.assets.AssetResolver;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraKind;
import org.junit.jupiter.api.Test;

/** Real clips through real FFmpeg, next to cameras that cannot be opened. */
class CameraFleetTest {

    private final CameraSources sources = new CameraSources(AssetResolver.fromEnvironment(),
            new CameraSources.Settings(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(5),
                    SupervisedCameraSource.StallPolicy.defaults()));

    @org.junit.jupiter.api.AfterEach
    void closeSources() {
        sources.close();
    }

    private static Camera camera(String id, String url) {
        return new Camera(id, id, url, CameraKind.TRAFFIC, "District 1", 10.77, 106.70);
    }

    @Test
    void unreachableCamerasGoOfflineWithAReasonWhileTheOthersKeepStreaming() throws Exception {
        Map<String, AtomicLong> framesSeen = new ConcurrentHashMap<>();
        Map<String, String> sizes = new ConcurrentHashMap<>();
        FrameSink sink = (cam, frame) -> {
            framesSeen.computeIfAbsent(cam.id(), k -> new AtomicLong()).incrementAndGet();
            sizes.put(cam.id(), frame.width() + "x" + frame.height());
        };
        List<Camera> cameras = List.of(
                camera("clip", "asset:vtest_first20s_h264.mp4"),
                camera("refused", "rtsp://operator:s3cr3tpw@127.0.0.1:1/stream"),
                camera("missing-file", "/nonexistent/clip.mp4"),
                camera("unknown-sample", "asset:no-such-clip.mp4"));

        try (CameraFleet fleet = new CameraFleet(sources, sink)) {
            fleet.start(cameras);
            waitUntil(Duration.ofSeconds(30), () -> status(fleet, "clip") == CameraStatus.STREAMING
                    && status(fleet, "refused") == CameraStatus.RETRYING
                    && status(fleet, "missing-file") == CameraStatus.RETRYING
                    && status(fleet, "unknown-sample") == CameraStatus.RETRYING);

            // Read while RETRYING: a failed camera is soon CONNECTING again, which has no reason.
            assertThat(retryingReason(fleet, "refused")).isNotBlank().doesNotContain("s3cr3tpw")
                    .doesNotContain("operator");
            assertThat(retryingReason(fleet, "missing-file")).contains("not found");
            assertThat(retryingReason(fleet, "unknown-sample")).contains("no-such-clip.mp4");

            // The healthy camera keeps delivering while the others fail and retry.
            long before = framesSeen.get("clip").get();
            Thread.sleep(1500);
            assertThat(framesSeen.get("clip").get()).isGreaterThan(before);
            assertThat(sizes.get("clip")).isEqualTo("768x576");
            assertThat(framesSeen).doesNotContainKeys("refused", "missing-file", "unknown-sample");

            // Failed cameras are retried, not given up.
            waitUntil(Duration.ofSeconds(15), () -> fleet.get("refused").orElseThrow().health().reconnects() >= 2);
        }
    }

    @Test
    void aLoopedClipIsPacedAtItsNativeRateAndLoops() throws Exception {
        AtomicInteger frames = new AtomicInteger();
        AtomicLong lastTs = new AtomicLong(-1);
        AtomicInteger timestampWentBack = new AtomicInteger();
        FrameSink sink = (cam, frame) -> {
            frames.incrementAndGet();
            if (frame.timestampMicros() < lastTs.getAndSet(frame.timestampMicros())) {
                timestampWentBack.incrementAndGet();
            }
        };
        // The highway clip: 25 fps, 30 s. Unpaced, FFmpeg would decode it in well under a second.
        try (CameraFleet fleet = new CameraFleet(sources, sink)) {
            fleet.start(List.of(camera("highway", "asset:highway_video02_h264.mp4")));
            waitUntil(Duration.ofSeconds(20), () -> frames.get() > 0);
            int start = frames.get();
            Thread.sleep(2000);
            int inTwoSeconds = frames.get() - start;
            assertThat(inTwoSeconds).as("about 50 frames in 2 s at 25 fps").isBetween(20, 75);
            assertThat(fleet.get("highway").orElseThrow().health().fps()).isBetween(10.0, 40.0);
        }
        assertThat(timestampWentBack.get()).as("30 s clip does not loop in 2 s").isZero();
    }

    /** The reason of a RETRYING camera, read from one health snapshot in that state (retries come quickly). */
    private static String retryingReason(CameraFleet fleet, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            CameraHealth h = fleet.get(id).orElseThrow().health();
            if (h.status() == CameraStatus.RETRYING) {
                assertThat(h.reason()).as("%s is RETRYING with a reason", id).isPresent();
                return h.reason().get();
            }
            Thread.sleep(5);
        }
        throw new AssertionError(id + " was never seen RETRYING within 30 s");
    }

    private static CameraStatus status(CameraFleet fleet, String id) {
        return fleet.get(id).orElseThrow().health().status();
    }

    static void waitUntil(Duration timeout, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
