package org.citywatch.analytics.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertState;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.AlertWorkflow;
import org.citywatch.analytics.alert.DiskEvidenceStore;
import org.citywatch.analytics.alert.Evidence;
import org.citywatch.analytics.alert.EvidenceStore;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.analytics.detect.BoundingBox;
import org.citywatch.analytics.rules.Finding;
import org.citywatch.analytics.rules.SceneFrame;
import org.citywatch.analytics.scene.NormPoint;
import org.citywatch.analytics.track.TrackSnapshot;
import org.citywatch.analytics.track.TrackState;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Findings frame by frame (5 fps, synthetic) through a real in-memory store and real evidence files. */
class IncidentTrackerTest {

    private static final long FRAME = 200_000_000L;
    private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");
    private static final Camera CAMERA = new Camera("plaza-1", "Plaza", "rtsp://10.0.0.1/live", CameraKind.WARD,
            "District 1", 10.77, 106.70);

    @TempDir
    Path dir;

    private final InMemoryAlertStore store = new InMemoryAlertStore();
    private final List<AlertEvent> events = new ArrayList<>();
    private DiskEvidenceStore evidence;
    private Mat image;
    private long frameNo;

    @BeforeEach
    void setUp() throws Exception {
        store.subscribe(events::add);
        evidence = new DiskEvidenceStore(dir.resolve("evidence"), 10_000_000, Duration.ofDays(1));
        image = new Mat(234, 416, org.bytedeco.opencv.global.opencv_core.CV_8UC3, new Scalar(90, 90, 90, 0));
    }

    @AfterEach
    void tearDown() {
        image.close();
    }

    private IncidentTracker tracker(ClipMaker clips) {
        return new IncidentTracker(CAMERA, IncidentSettings.defaults(), store, evidence, clips,
                zone -> zone.equals("plaza") ? List.of(new NormPoint(0.1, 0.5), new NormPoint(0.9, 0.5),
                        new NormPoint(0.9, 1.0)) : List.of());
    }

    private static TrackSnapshot person(long id, float x) {
        return new TrackSnapshot(id, 0, "person", 0.9f, new BoundingBox(x, 100, x + 20, 180), TrackState.CONFIRMED,
                0, 0, 0, 0, 5, List.of());
    }

    /** The next frame (200 ms after the last) with {@code persons} persons and, when {@code crowd}, a crowd finding. */
    private void frame(IncidentTracker t, int persons, boolean crowd) {
        long nanos = frameNo * FRAME;
        Instant at = T0.plusNanos(nanos);
        frameNo++;
        List<TrackSnapshot> tracks = new ArrayList<>();
        for (int i = 0; i < persons; i++) {
            tracks.add(person(i + 1, 30 * i));
        }
        SceneFrame f = new SceneFrame(CAMERA.id(), nanos, at, 416, 234, tracks, image);
        List<Finding> findings = crowd
                ? List.of(new Finding(AlertType.CROWD, "plaza", Severity.P2, persons + " persons in plaza",
                tracks.stream().map(TrackSnapshot::id).toList(), Map.of("persons", persons), nanos - 3_000_000_000L))
                : List.of();
        t.frame(f, findings);
    }

    private List<AlertEvent.Kind> kinds() {
        return events.stream().map(AlertEvent::kind).toList();
    }

    @Test
    void aHoldingConditionIsOneAlertUpdatedAtMostEveryTwoSecondsAndEndsOnItsFirstAbsentFrame() {
        IncidentTracker t = tracker(ClipMaker.NONE);
        for (int i = 0; i < 25; i++) { // 5 s; the count changes every frame
            frame(t, 5 + i % 2, true);
        }
        Alert raised = events.get(0).alert();
        assertThat(raised.type()).isEqualTo(AlertType.CROWD);
        assertThat(raised.zoneId()).isEqualTo("plaza");
        assertThat(raised.startedAt()).as("the rule's since, 3 s before").isEqualTo(T0.minusSeconds(3));
        assertThat(raised.objects()).extracting(o -> o.trackId()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(raised.evidence().snapshot()).isTrue();
        assertThat(evidence.find(raised.id(), EvidenceStore.Kind.SNAPSHOT)).isPresent();
        assertThat(raised.evidence().clip()).isEqualTo(Evidence.ClipState.NONE);
        assertThat(raised.evidence().clipNote()).contains("no clip recorder");
        assertThat(t.hasOpen(IncidentTracker.Source.FRAMES)).isTrue();
        // Raised at 0 s, updated at 2 s and 4 s: not 24 updates.
        assertThat(kinds()).containsExactly(AlertEvent.Kind.RAISED, AlertEvent.Kind.UPDATED, AlertEvent.Kind.UPDATED);
        assertThat(events).extracting(e -> e.alert().id()).containsOnly(raised.id());

        frame(t, 2, false);
        assertThat(kinds()).last().isEqualTo(AlertEvent.Kind.ENDED);
        Alert ended = store.get(raised.id()).orElseThrow();
        assertThat(ended.active()).isFalse();
        assertThat(ended.endedAt()).isEqualTo(T0.plusNanos(25 * FRAME));
        assertThat(ended.state()).as("ending is not an operator's resolution").isEqualTo(AlertState.NEW);
        assertThat(t.hasOpen(IncidentTracker.Source.FRAMES)).isFalse();
    }

    @Test
    void withinTheCooldownTheSameAlertReopensAndAfterItANewOneIsRaised() {
        IncidentTracker t = tracker(ClipMaker.NONE);
        frame(t, 5, true);
        frame(t, 0, false);
        String first = events.get(0).alert().id();
        for (int i = 0; i < 20; i++) { // 4 s later it holds again
            frame(t, 0, false);
        }
        frame(t, 6, true);
        assertThat(events.getLast().kind()).isEqualTo(AlertEvent.Kind.UPDATED);
        assertThat(events.getLast().alert().id()).isEqualTo(first);
        assertThat(events.getLast().alert().active()).isTrue();
        frame(t, 0, false);
        for (int i = 0; i < 5 * 61; i++) { // past the 60 s cool-down
            frame(t, 0, false);
        }
        frame(t, 5, true);
        assertThat(events.getLast().kind()).isEqualTo(AlertEvent.Kind.RAISED);
        assertThat(events.getLast().alert().id()).isNotEqualTo(first);
    }

    @Test
    void aFalseAlarmStaysQuietForTheCooldown() {
        IncidentTracker t = tracker(ClipMaker.NONE);
        frame(t, 5, true);
        String id = events.get(0).alert().id();
        new AlertWorkflow(store).act(id, AlertState.FALSE_ALARM, "op-1", "shadows", "", "");
        frame(t, 0, false);
        int before = events.size();
        for (int i = 0; i < 50; i++) {
            frame(t, 5, true);
        }
        assertThat(events).hasSize(before);
        assertThat(t.hasOpen(IncidentTracker.Source.FRAMES)).isFalse();
    }

    @Test
    void anOperatorsStepBetweenTwoUpdatesIsKept() {
        IncidentTracker t = tracker(ClipMaker.NONE);
        frame(t, 5, true);
        String id = events.get(0).alert().id();
        new AlertWorkflow(store).act(id, AlertState.ACKNOWLEDGED, "op-1", "seen", "", "");
        for (int i = 0; i < 11; i++) {
            frame(t, 7, true); // the tracker's copy is older than the acknowledged one: it redoes its update
        }
        Alert now = store.get(id).orElseThrow();
        assertThat(now.state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(now.counts()).containsEntry("persons", 7);
        assertThat(now.audit()).singleElement().satisfies(e -> assertThat(e.who()).isEqualTo("op-1"));
    }

    @Test
    void aClipIsRecordedAfterTheRaiseAndItsStateFollows() throws Exception {
        CompletableFuture<Path> recording = new CompletableFuture<>();
        List<Path> asked = new ArrayList<>();
        IncidentTracker t = tracker((cameraId, file) -> {
            asked.add(file);
            return recording;
        });
        frame(t, 5, true);
        Alert raised = events.get(0).alert();
        assertThat(raised.evidence().clip()).isEqualTo(Evidence.ClipState.RECORDING);
        java.nio.file.Files.write(asked.get(0), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'});
        recording.complete(asked.get(0));
        assertThat(events.getLast().kind()).isEqualTo(AlertEvent.Kind.EVIDENCE);
        assertThat(store.get(raised.id()).orElseThrow().evidence().clip()).isEqualTo(Evidence.ClipState.READY);
        assertThat(evidence.find(raised.id(), EvidenceStore.Kind.CLIP)).isPresent();
        frame(t, 5, true); // the tracker goes on from the newer version
        frame(t, 0, false);
        assertThat(store.get(raised.id()).orElseThrow().active()).isFalse();
    }
}
