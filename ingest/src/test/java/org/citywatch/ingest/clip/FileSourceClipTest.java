package org.citywatch.ingest.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.citywatch.assets.AssetResolver;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraKind;
import org.citywatch.ingest.clip.ClipException.Reason;
import org.citywatch.ingest.source.CameraFleet;
import org.citywatch.ingest.source.CameraSources;
import org.citywatch.ingest.source.SupervisedCameraSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's kind of camera: a looped sample clip, decoded by FFmpegFrameGrabber as before, whose access units now
 * also reach the clip recorder. Runs in real time (the file is paced at its frame rate): about 3 s.
 */
class FileSourceClipTest {

    @TempDir
    Path dir;
    private final CameraSources sources = new CameraSources(AssetResolver.fromEnvironment(),
            new CameraSources.Settings(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(5),
                    SupervisedCameraSource.StallPolicy.defaults()));
    private final ClipRecorder recorder = new ClipRecorder(sources.media(), ClipSettings.defaults());
    private final AtomicInteger pictures = new AtomicInteger();
    private final CameraFleet fleet = new CameraFleet(sources, (camera, frame) -> pictures.incrementAndGet());

    @AfterEach
    void close() {
        fleet.close();
        recorder.close();
        sources.close();
    }

    private static Camera camera(String id, String url) {
        return new Camera(id, id, url, CameraKind.WARD, "D1", 10.77, 106.70);
    }

    @Test
    void aLoopedFileCameraGetsClipsWhileItsPicturesFlowAsBefore() throws Exception {
        // one-by-one: 10 fps, a keyframe every second, B-frames.
        recorder.keep("file-cam", true);
        fleet.start(List.of(camera("file-cam", "asset:one-by-one-person-detection.mp4")));
        waitUntil(() -> recorder.buffered("file-cam").compareTo(Duration.ofMillis(1500)) >= 0);

        Path file = dir.resolve("file-cam.mp4");
        CompletableFuture<Path> clip = recorder.record("file-cam", Duration.ofSeconds(1), Duration.ofSeconds(1), file);
        assertThat(clip.get(15, TimeUnit.SECONDS)).isEqualTo(file);
        ClipFile written = ClipFile.read(file);
        assertThat(written.firstKeyFrame()).isTrue();
        assertThat(written.pictures()).isEqualTo(written.samples().size()).isBetween(20, 31);
        assertThat(written.seconds()).isBetween(1.9, 3.1); // from a keyframe 1-2 s back, to 1 s ahead
        assertThat(written.width()).isEqualTo(768);

        // The pictures still come from the grabber alone, at the file's rate: the hub neither keeps nor decodes them.
        int before = pictures.get();
        Thread.sleep(1000);
        assertThat(pictures.get() - before).as("about 10 pictures a second").isBetween(6, 14);
        assertThat(sources.media().currentGop("file-cam")).isEmpty();
    }

    @Test
    void aNetworkSourceReadByFfmpegSaysItGivesNoClips() {
        recorder.keep("hls-cam", true);
        fleet.start(List.of(camera("hls-cam", "http://127.0.0.1:1/live.m3u8")));
        CompletableFuture<Path> clip = recorder.record("hls-cam", dir.resolve("hls.mp4"));
        assertThatThrownBy(clip::get).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(ClipException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_CODEC))
                .hasMessageContaining("camera hls-cam gives no clips").hasMessageContaining("network URL (http://)");
    }

    private static void waitUntil(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!c.getAsBoolean()) {
            assertThat(System.nanoTime()).as("within 20 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
