package org.citywatch.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citywatch.analytics.pipeline.ClipFrames.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bytedeco.javacv.Frame;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertQuery;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.DiskEvidenceStore;
import org.citywatch.analytics.alert.EvidenceStore;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.analytics.incident.ClipMaker;
import org.citywatch.analytics.incident.IncidentSettings;
import org.citywatch.analytics.incident.Incidents;
import org.citywatch.analytics.rules.ConfiguredSceneRules;
import org.citywatch.analytics.rules.CrossingSink;
import org.citywatch.analytics.schedule.SchedulerSettings;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Camera tamper end to end in the pipeline: a camera whose stream turns black raises CAMERA_TAMPER with a snapshot
 * (whether it is analysed or only shows thumbnails), a camera beside it showing the real clip raises nothing, and the
 * alert ends once the real picture is back. The tamper rule runs with short times (2 s) so the test takes seconds.
 */
class AnalyticsPipelineTamperTest {

    static final Map<String, Object> SCENE = Map.of("rules", List.of(Map.of("type", "tamper", "minSeconds", 2,
            "holdSeconds", 2)));

    static List<Frame> clip;
    static List<Frame> black;

    @BeforeAll
    static void decode() throws Exception {
        clip = ClipFrames.decode(ClipFrames.PEDESTRIANS, 50);
        black = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            black.add(new Frame(clip.get(0).imageWidth, clip.get(0).imageHeight, Frame.DEPTH_UBYTE, 3));
        }
    }

    @AfterAll
    static void free() {
        ClipFrames.close(clip);
        ClipFrames.close(black);
    }

    private static Camera camera(String id) {
        return new Camera(id, id, "rtsp://127.0.0.1/" + id, Optional.empty(), CameraKind.WARD, "District 1", "", 0,
                0, Set.of(), SCENE);
    }

    private static List<Alert> tamperAlerts(InMemoryAlertStore store, String cameraId) {
        return store.query(AlertQuery.recent(100).withCamera(cameraId)).stream()
                .filter(a -> a.type() == AlertType.CAMERA_TAMPER).toList();
    }

    @Test
    void aBlackenedCameraRaisesTamperAndEndsWhenThePictureIsBack(@TempDir Path dir) throws Exception {
        assertTamperCycle(dir, new SchedulerSettings(2, 5, Duration.ofSeconds(20), 1));
    }

    /**
     * The one analysis slot is pinned to a third camera: the two others show only thumbnails, and their views are
     * still checked on them.
     */
    @Test
    void aCameraThatIsNotAnalysedIsCheckedOnItsThumbnails(@TempDir Path dir) throws Exception {
        assertTamperCycle(dir, new SchedulerSettings(1, 5, Duration.ofSeconds(20), 1));
    }

    private static void assertTamperCycle(Path dir, SchedulerSettings schedule) throws Exception {
        boolean thumbnailsOnly = schedule.maxConcurrentStreams() == 1;
        Camera pinned = camera("pinned");
        Camera covered = camera("covered");
        Camera fine = camera("fine");
        IncidentSettings quick = new IncidentSettings(Duration.ofSeconds(60), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofSeconds(60), IncidentSettings.defaults().offlineSeverity());
        try (InMemoryAlertStore store = new InMemoryAlertStore();
             EvidenceStore evidence = new DiskEvidenceStore(dir, 10_000_000, Duration.ofDays(1));
             AnalyticsPipeline p = new AnalyticsPipeline(ClipFrames.settings(schedule, 1),
                     ClipFrames.yolox(), new Incidents(quick, store, evidence, ClipMaker.NONE),
                     new ConfiguredSceneRules(Map.of()), CrossingSink.NONE, DecodeControl.NONE);
             FrameFeeder blackFeed = new FrameFeeder(p, black, 5);
             FrameFeeder realFeed = new FrameFeeder(p, clip, 5)) {
            p.setCameras(thumbnailsOnly ? List.of(covered, fine, pinned) : List.of(covered, fine));
            if (thumbnailsOnly) {
                p.pin(pinned.id(), true);
                realFeed.start(pinned);
            }
            blackFeed.start(covered);
            realFeed.start(fine);
            // Thumbnails come every 10 s for a camera that is not analysed: two looks 10 s apart, then 2 s.
            Duration limit = thumbnailsOnly ? Duration.ofSeconds(25) : Duration.ofSeconds(10);
            assertThat(within(limit, () -> !tamperAlerts(store, "covered").isEmpty())).isTrue();
            Alert raised = tamperAlerts(store, "covered").getFirst();
            assertThat(raised.message()).startsWith("view black");
            assertThat(raised.evidence().snapshot()).isTrue();
            assertThat(evidence.find(raised.id(), EvidenceStore.Kind.SNAPSHOT)).isPresent();

            blackFeed.stop("covered");
            realFeed.start(covered);
            Duration end = thumbnailsOnly ? Duration.ofSeconds(30) : Duration.ofSeconds(10);
            assertThat(within(end, () -> store.get(raised.id()).map(a -> !a.active()).orElse(false))).isTrue();
            assertThat(tamperAlerts(store, "fine")).isEmpty();
            if (thumbnailsOnly) {
                assertThat(p.stats("covered").orElseThrow().analysedFrames()).isZero();
            }
            assertThat(blackFeed.errors).isEmpty();
            assertThat(realFeed.errors).isEmpty();
        }
    }
}
