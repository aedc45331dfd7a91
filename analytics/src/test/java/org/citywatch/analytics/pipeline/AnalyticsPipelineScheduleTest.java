package org.citywatch.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citywatch.analytics.pipeline.ClipFrames.camera;
import static org.citywatch.analytics.pipeline.ClipFrames.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bytedeco.javacv.Frame;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.analytics.schedule.AnalysisRole;
import org.citywatch.analytics.schedule.ScheduleState;
import org.citywatch.analytics.schedule.SchedulerSettings;
import org.citywatch.ingest.camera.Camera;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scheduler driving the real pipeline: three cameras fed the pedestrian clip in real time (10 fps each) share
 * one analysis slot. The patrol must visit all of them, never analyse two at once, switch ingest's decoding in
 * step with the rotation, and give a pinned or continuous camera the slot for as long as its reason lasts.
 */
class AnalyticsPipelineScheduleTest {

    /** One slot, 5 fps, a one-second dwell: a three-camera patrol cycle of 3 s. */
    static final SchedulerSettings ONE_SLOT = new SchedulerSettings(1, 5, Duration.ofSeconds(1), 0.5);
    /**
     * The dwell is 1 s but the tick that ends it comes once a second with some jitter, so a turn lasts 1 or 2 s;
     * three turns fit well within this bound on a loaded two-core build machine.
     */
    static final Duration ROTATION_LIMIT = Duration.ofSeconds(8);

    static List<Frame> frames;

    record DecodeCall(String cameraId, boolean on) {
    }

    @BeforeAll
    static void decode() throws Exception {
        frames = ClipFrames.decode(ClipFrames.PEDESTRIANS, 50);
    }

    @AfterAll
    static void free() {
        ClipFrames.close(frames);
    }

    private static AnalyticsPipeline pipeline(List<DecodeCall> calls) {
        AnalyticsSettings settings = ClipFrames.settings(ONE_SLOT, 1);
        // A real DecodeControl, as the app's is a method reference to ingest: it records what ingest is told.
        return new AnalyticsPipeline(settings, ClipFrames.yolox(), new InMemoryAlertStore(),
                (id, on) -> calls.add(new DecodeCall(id, on)));
    }

    private static long analysed(AnalyticsPipeline p, String id) {
        return p.stats(id).map(CameraAnalysisStats::analysedFrames).orElse(0L);
    }

    private static ScheduleView.Camera row(ScheduleView view, String id) {
        return view.cameras().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private static long activeRows(ScheduleView view) {
        return view.cameras().stream().filter(c -> c.state() != ScheduleState.IDLE).count();
    }

    @Test
    void patrolRotatesOneSlotOverThreeCamerasAndPinHoldsIt() throws Exception {
        List<DecodeCall> calls = new CopyOnWriteArrayList<>();
        List<Camera> cameras = List.of(camera("a"), camera("b"), camera("c"));
        try (AnalyticsPipeline p = pipeline(calls);
             FrameFeeder feeder = new FrameFeeder(p, frames, 10)) {
            p.setCameras(cameras);
            feeder.start(cameras.toArray(Camera[]::new));

            List<Long> mostActive = new ArrayList<>();
            boolean allAnalysed = within(ROTATION_LIMIT, () -> {
                ScheduleView view = p.schedule();
                mostActive.add(activeRows(view));
                return cameras.stream().allMatch(c -> analysed(p, c.id()) > 0);
            });
            assertThat(allAnalysed).as("every camera analysed within %s; analysed %s, decode calls %s",
                    ROTATION_LIMIT, cameras.stream().map(c -> analysed(p, c.id())).toList(), calls).isTrue();
            assertThat(mostActive).as("cameras LIVE or PATROL per view").isNotEmpty().allMatch(n -> n <= 1);
            ScheduleView view = p.schedule();
            assertThat(view.patrolCycle()).contains(Duration.ofSeconds(3));
            assertThat(view.patrolCameras()).isEqualTo(3);
            assertThat(view.patrolSlots()).isEqualTo(1);

            // Ingest was told to decode each camera in turn, and (stop before start) never two at once.
            assertThat(calls.stream().filter(DecodeCall::on).map(DecodeCall::cameraId).distinct())
                    .containsExactlyInAnyOrder("a", "b", "c");
            assertThat(calls).as("a camera stopped as its turn ended").anyMatch(c -> !c.on());
            assertAtMostOneDecodedAtATime(calls);

            // Pinned: b takes the one slot at once (the pin ticks the scheduler) and keeps it.
            p.pin("b", true);
            ScheduleView.Camera b = row(p.schedule(), "b");
            assertThat(b.state()).isEqualTo(ScheduleState.LIVE);
            assertThat(b.role()).contains(AnalysisRole.PINNED);
            Thread.sleep(500); // a frame of a or c a worker had already taken may still finish
            long bBefore = analysed(p, "b");
            long othersBefore = analysed(p, "a") + analysed(p, "c");
            for (int i = 0; i < 25; i++) { // 2.5 s: longer than two dwells, so the patrol would have moved on
                ScheduleView v = p.schedule();
                assertThat(row(v, "b").state()).isEqualTo(ScheduleState.LIVE);
                assertThat(row(v, "a").state()).isEqualTo(ScheduleState.IDLE);
                assertThat(row(v, "c").state()).isEqualTo(ScheduleState.IDLE);
                assertThat(v.patrolCycle()).as("no slot left for the patrol").isEmpty();
                Thread.sleep(100);
            }
            assertThat(analysed(p, "b")).as("pinned b keeps being analysed").isGreaterThan(bBefore + 5);
            assertThat(analysed(p, "a") + analysed(p, "c")).as("a and c wait").isEqualTo(othersBefore);
            assertAtMostOneDecodedAtATime(calls);

            // Unpinned: b goes behind the others, and the patrol resumes with a or c.
            p.pin("b", false);
            assertThat(row(p.schedule(), "b").role()).isNotEqualTo(Optional.of(AnalysisRole.PINNED));
            assertThat(within(ROTATION_LIMIT, () -> analysed(p, "a") + analysed(p, "c") > othersBefore))
                    .as("the patrol resumes after the unpin").isTrue();
            assertAtMostOneDecodedAtATime(calls);
            assertThat(feeder.errors).isEmpty();
        }
    }

    @Test
    void continuousTagGetsALiveSlot() throws Exception {
        List<DecodeCall> calls = new CopyOnWriteArrayList<>();
        Camera watched = camera("junction", "continuous");
        Camera other = camera("side");
        try (AnalyticsPipeline p = pipeline(calls);
             FrameFeeder feeder = new FrameFeeder(p, frames, 10)) {
            p.setCameras(List.of(other, watched));
            feeder.start(watched, other);
            ScheduleView.Camera row = row(p.schedule(), "junction");
            assertThat(row.state()).isEqualTo(ScheduleState.LIVE);
            assertThat(row.role()).contains(AnalysisRole.CONTINUOUS);
            assertThat(within(Duration.ofSeconds(5), () -> analysed(p, "junction") >= 5)).isTrue();
            assertThat(row(p.schedule(), "side").state()).isEqualTo(ScheduleState.IDLE);
            assertThat(analysed(p, "side")).isZero();
            assertThat(calls).containsExactly(new DecodeCall("junction", true));
        }
    }

    /**
     * A patrol turn lasts the dwell, so a camera's analysis gets no staler than the patrol cycle the view reports.
     * The turns that matter are those the periodic tick starts (the first one starts with the camera list, between
     * two ticks, and ends at the first tick a dwell later). No frames are needed: the rotation runs on the clock.
     * Their mean length is checked against the dwell with 0.4 s to spare for a late tick on a busy machine (one
     * late tick shortens the next turn, as the ticks keep their rate); the driver once computed plans for the
     * time a tick ran instead of when it was due, and most 1 s turns lasted 2 s.
     */
    @Test
    void patrolTurnsLastTheDwell() throws Exception {
        List<Long> turnStarts = new CopyOnWriteArrayList<>();
        try (AnalyticsPipeline p = new AnalyticsPipeline(ClipFrames.settings(ONE_SLOT, 1), ClipFrames.yolox(),
                new InMemoryAlertStore(), (id, on) -> {
                    if (on) {
                        turnStarts.add(System.nanoTime());
                    }
                })) {
            p.setCameras(List.of(camera("a"), camera("b"), camera("c")));
            assertThat(within(Duration.ofSeconds(10), () -> turnStarts.size() >= 6)).isTrue();
            assertThat(p.schedule().patrolCycle()).contains(Duration.ofSeconds(3));
        }
        // Turns 2 to 5, all started by the periodic tick: from the start of the 2nd to the start of the 6th.
        double meanSeconds = (turnStarts.get(5) - turnStarts.get(1)) / 4 / 1e9;
        assertThat(meanSeconds).as("mean patrol turn, s (dwell 1 s)").isBetween(0.6, 1.4);
    }

    /** Replays the decode calls: stop-before-start means ingest never decodes two cameras for one slot. */
    private static void assertAtMostOneDecodedAtATime(List<DecodeCall> calls) {
        Set<String> on = new HashSet<>();
        for (DecodeCall c : calls) {
            if (c.on()) {
                on.add(c.cameraId());
            } else {
                assertThat(on.remove(c.cameraId())).as("%s stopped while decoded, in %s", c, calls).isTrue();
            }
            assertThat(on).as("decoded at once after %s in %s", c, calls).hasSizeLessThanOrEqualTo(1);
        }
    }
}
