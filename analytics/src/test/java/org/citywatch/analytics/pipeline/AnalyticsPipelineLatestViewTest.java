package org.citywatch.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citywatch.analytics.pipeline.ClipFrames.camera;
import static org.citywatch.analytics.pipeline.ClipFrames.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.Frame;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.analytics.schedule.SchedulerSettings;
import org.citywatch.analytics.track.TrackSnapshot;
import org.citywatch.ingest.camera.Camera;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the dashboard's tiles get: for an analysed camera, the analysed frame at the analysis width with its
 * confirmed tracks; for a camera waiting for a slot, ingest's picture as it is, marked not analysed.
 */
class AnalyticsPipelineLatestViewTest {

    /** One slot, held by the pinned camera, so the other one only ever shows thumbnails. */
    static final SchedulerSettings ONE_SLOT = new SchedulerSettings(1, 5, Duration.ofSeconds(20), 0.5);
    /** vtest is 768x576; scaled to 416 wide keeping the aspect: 312 high. */
    static final int WIDTH = 416;
    static final int HEIGHT = 312;

    static List<Frame> frames;

    @BeforeAll
    static void decode() throws Exception {
        frames = ClipFrames.decode(ClipFrames.PEDESTRIANS, 50);
    }

    @AfterAll
    static void free() {
        ClipFrames.close(frames);
    }

    @Test
    void analysedTileShowsTracksIdleTileShowsThumbnail() throws Exception {
        Camera analysed = camera("square");
        Camera idle = camera("gate");
        AnalyticsSettings settings = ClipFrames.settings(ONE_SLOT, 1);
        assertThat(settings.analysisWidth()).isEqualTo(WIDTH);
        try (AnalyticsPipeline p = new AnalyticsPipeline(settings, ClipFrames.yolox(), new InMemoryAlertStore());
             FrameFeeder feeder = new FrameFeeder(p, frames, 10)) {
            p.pin("square", true);
            p.setCameras(List.of(analysed, idle));
            feeder.start(analysed, idle);
            // Tracks are confirmed after two hits, and the tile image is refreshed once a second.
            assertThat(within(Duration.ofSeconds(8), () -> p.latest("square")
                    .filter(v -> v.analysed() && !v.tracks().isEmpty()).isPresent()))
                    .as("an analysed tile with tracks; stats %s", p.stats("square")).isTrue();

            LatestView tile = p.latest("square").orElseThrow();
            assertThat(tile.width()).isEqualTo(WIDTH);
            assertThat(tile.height()).isEqualTo(HEIGHT);
            BufferedImage image = jpeg(tile.jpeg());
            assertThat(image.getWidth()).isEqualTo(WIDTH);
            assertThat(image.getHeight()).isEqualTo(HEIGHT);
            assertThat(tile.tracks()).allMatch(TrackSnapshot::confirmed)
                    .allMatch(t -> t.id() > 0)
                    .allMatch(t -> t.box().x2() <= WIDTH + 1 && t.box().y2() <= HEIGHT + 1, "boxes within the frame");
            assertThat(tile.tracks().stream().map(TrackSnapshot::id).distinct().count())
                    .as("distinct track ids").isEqualTo(tile.tracks().size());
            assertThat(tile.tracks()).anyMatch(t -> t.label().equals("person"));
            assertThat(tile.detections()).isNotEmpty();

            // The idle camera was never analysed: its tile is ingest's frame at its own size, without tracks.
            LatestView thumb = p.latest("gate").orElseThrow();
            assertThat(thumb.analysed()).isFalse();
            assertThat(thumb.tracks()).isEmpty();
            assertThat(thumb.width()).isEqualTo(frames.get(0).imageWidth);
            assertThat(jpeg(thumb.jpeg()).getWidth()).isEqualTo(frames.get(0).imageWidth);
            assertThat(p.stats("gate").orElseThrow().analysedFrames()).isZero();
            assertThat(feeder.errors).isEmpty();
        }
    }

    private static BufferedImage jpeg(byte[] bytes) throws Exception {
        assertThat(bytes).startsWith((byte) 0xFF, (byte) 0xD8); // the JPEG start-of-image marker
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(image).as("decodable JPEG").isNotNull();
        return image;
    }
}
