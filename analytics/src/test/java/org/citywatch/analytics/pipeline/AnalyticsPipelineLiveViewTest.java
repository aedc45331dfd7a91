package org.citywatch.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citywatch.analytics.pipeline.ClipFrames.camera;
import static org.citywatch.analytics.pipeline.ClipFrames.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacv.Frame;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.ingest.camera.Camera;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A wall tile keeps asking for its camera's image: while it does, a camera that is not analysed refreshes about
 * once a second (and ingest is asked to decode it for that), instead of once per thumbnail interval; when nobody
 * asks any more the lease runs out and ingest goes back to thumbnails. The real detector and clip frames run.
 */
class AnalyticsPipelineLiveViewTest {

    static List<Frame> frames;

    @BeforeAll
    static void decode() throws Exception {
        frames = ClipFrames.decode(ClipFrames.PEDESTRIANS, 50);
    }

    @AfterAll
    static void free() {
        ClipFrames.close(frames);
    }

    /** Records what the pipeline asks of ingest. */
    static final class Decoding implements DecodeControl {
        final Map<String, Boolean> viewed = new ConcurrentHashMap<>();
        final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void analysing(String cameraId, boolean analysed) {
        }

        @Override
        public void viewing(String cameraId, boolean on) {
            viewed.put(cameraId, on);
            calls.add(cameraId + (on ? " on" : " off"));
        }
    }

    @Test
    void aViewedCameraRefreshesEverySecondAndGoesBackToThumbnailsWhenNobodyLooks() throws Exception {
        Camera analysed = camera("square");
        Camera viewed = camera("gate");
        Camera unviewed = camera("lane");
        Decoding decoding = new Decoding();
        AnalyticsSettings settings = ClipFrames.settings(AnalyticsPipelineLatestViewTest.ONE_SLOT, 1);
        try (AnalyticsPipeline p = new AnalyticsPipeline(settings, ClipFrames.yolox(), new InMemoryAlertStore(),
                decoding);
             FrameFeeder feeder = new FrameFeeder(p, frames, 10)) {
            p.pin("square", true);
            p.setCameras(List.of(analysed, viewed, unviewed));
            feeder.start(analysed, viewed, unviewed);
            assertThat(within(Duration.ofSeconds(5), () -> p.latest("gate").isPresent() && p.latest("lane").isPresent()))
                    .as("both idle cameras have their first thumbnail").isTrue();
            Instant laneFirst = p.latest("lane").orElseThrow().takenAt();

            // A tile asks once a second for four seconds: the image is new at (nearly) every request.
            List<Instant> seen = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                assertThat(p.viewing("gate")).isTrue();
                seen.add(p.latest("gate").orElseThrow().takenAt());
                Thread.sleep(1_000);
            }
            assertThat(seen.stream().distinct().count()).as("distinct images in 5 requests a second apart: %s", seen)
                    .isGreaterThanOrEqualTo(3);
            assertThat(decoding.viewed).containsEntry("gate", true).doesNotContainKey("lane");
            assertThat(p.viewing("square")).as("the analysed camera is live anyway").isTrue();
            assertThat(decoding.calls).as("one start per lease, not one per request; none for the analysed camera")
                    .containsExactly("gate on");
            assertThat(p.liveViews()).isEqualTo(new LiveViewFigures(1, AnalyticsSettings.DEFAULT_LIVE_VIEWS, 0));
            assertThat(p.latest("lane").orElseThrow().takenAt()).as("the camera nobody looks at keeps its thumbnail")
                    .isEqualTo(laneFirst);

            // Nobody asks any more: after the lease, ingest is told and the image slows down again.
            assertThat(within(AnalyticsPipeline.LIVE_VIEW_LEASE.plusSeconds(3),
                    () -> Boolean.FALSE.equals(decoding.viewed.get("gate"))))
                    .as("the lease ran out; calls %s", decoding.calls).isTrue();
            assertThat(p.liveViews().viewed()).isZero();
            Instant after = p.latest("gate").orElseThrow().takenAt();
            Thread.sleep(2_000);
            assertThat(p.latest("gate").orElseThrow().takenAt()).as("back to one thumbnail per 10 s").isEqualTo(after);
            assertThat(feeder.errors).isEmpty();
        }
    }

    @Test
    void theCapOnLiveViewsKeepsFurtherCamerasOnThumbnails() {
        AnalyticsSettings settings = ClipFrames.settings(AnalyticsPipelineLatestViewTest.ONE_SLOT, 1);
        settings = new AnalyticsSettings(settings.schedule(), settings.workers(), settings.intraOpThreads(),
                settings.device(), settings.analysisWidth(), settings.motionGate(), settings.motion(),
                settings.motionForceEvery(), settings.tracker(), settings.pinned(), settings.latestImageInterval(), 2);
        Decoding decoding = new Decoding();
        try (AnalyticsPipeline p = new AnalyticsPipeline(settings, ClipFrames.yolox(), new InMemoryAlertStore(),
                decoding)) {
            assertThat(p.viewing("a")).isTrue();
            assertThat(p.viewing("b")).isTrue();
            assertThat(p.viewing("c")).as("third camera over a cap of 2").isFalse();
            assertThat(p.viewing("a")).as("a held lease is renewed").isTrue();
            assertThat(decoding.calls).containsExactly("a on", "b on");
            assertThat(p.liveViews()).isEqualTo(new LiveViewFigures(2, 2, 1));
        }
    }
}
