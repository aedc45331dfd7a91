package org.citywatch.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citywatch.analytics.pipeline.ClipFrames.camera;
import static org.citywatch.analytics.pipeline.ClipFrames.within;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bytedeco.javacv.Frame;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.analytics.track.TrackSnapshot;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.source.DecodedFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A file camera that loops (or a stream that restarts) jumps back in presentation time: no track may span the jump,
 * or a car at the end of the clip and another at its start could make one track driving backwards (a false
 * wrong-way). Here the picture goes on smoothly and only the time jumps back, so any track that survived would keep
 * its id: every track after the jump must be new.
 */
class AnalyticsPipelineJumpTest {

    static List<Frame> frames;

    @BeforeAll
    static void decode() throws Exception {
        frames = ClipFrames.decode(ClipFrames.PEDESTRIANS, 24);
    }

    @AfterAll
    static void free() {
        ClipFrames.close(frames);
    }

    @Test
    void noTrackSpansAJumpBackInTime() throws Exception {
        Camera cam = camera("loop");
        try (AnalyticsPipeline p = new AnalyticsPipeline(ClipFrames.settings(AnalyticsPipelineLatestViewTest.ONE_SLOT, 1),
                ClipFrames.yolox(), new InMemoryAlertStore())) {
            p.pin("loop", true);
            p.setCameras(List.of(cam));
            long pts = 60_000_000; // a minute into the file
            for (int i = 0; i < 12; i++, pts += 200_000) {
                p.onFrame(cam, new DecodedFrame(frames.get(i), pts, System.nanoTime()));
                Thread.sleep(200);
            }
            assertThat(within(Duration.ofSeconds(5), () -> !confirmed(p).isEmpty())).as("tracks before the jump")
                    .isTrue();
            Thread.sleep(500);
            Set<Long> before = ids(p);
            long maxBefore = before.stream().mapToLong(Long::longValue).max().orElseThrow();

            pts = 0; // the file starts again
            for (int i = 12; i < 24; i++, pts += 200_000) {
                p.onFrame(cam, new DecodedFrame(frames.get(i), pts, System.nanoTime()));
                Thread.sleep(200);
            }
            Thread.sleep(500);
            Set<Long> after = ids(p);
            assertThat(after).as("tracks after the jump").isNotEmpty();
            assertThat(after).as("before the jump: %s", before).allMatch(id -> id > maxBefore);
        }
    }

    private static List<TrackSnapshot> confirmed(AnalyticsPipeline p) {
        return p.latest("loop").map(LatestView::tracks).orElse(List.of());
    }

    private static Set<Long> ids(AnalyticsPipeline p) {
        return confirmed(p).stream().map(TrackSnapshot::id).collect(Collectors.toSet());
    }
}
