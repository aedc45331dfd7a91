package org.citywatch.analytics.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.citywatch.analytics.track.Scenes.FRAME;
import static org.citywatch.analytics.track.Scenes.S;
import static org.citywatch.analytics.track.Scenes.at;
import static org.citywatch.analytics.track.Scenes.box;
import static org.citywatch.analytics.track.Scenes.person;
import static org.citywatch.analytics.track.Scenes.vehicle;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.citywatch.analytics.detect.Detection;
import org.junit.jupiter.api.Test;

/** The tracker on synthetic scenes at 5 fps, where the truth is known: identities must survive. */
class ByteTrackerScenesTest {

    final ByteTracker tracker = new ByteTracker();

    @Test
    void crossingObjectsKeepTheirIdentities() {
        // A walks right, B walks left, 12 px apart vertically; their boxes overlap for 3 frames around t = 2 s.
        Long idA = null;
        Long idB = null;
        int overlapping = 0;
        for (int k = 0; k <= 20; k++) {
            double t = k * 0.2;
            double ax = 100 + 75 * t + 7;
            double bx = 400 - 75 * t;
            Detection a = person(ax, 300, 0.9f);
            Detection b = person(bx, 312, 0.85f);
            if (a.box().iou(b.box()) > 0) {
                overlapping++;
            }
            List<TrackSnapshot> tracks = tracker.update(k * FRAME, List.of(a, b));
            if (k < 2) {
                continue;
            }
            TrackSnapshot ta = at(tracks, ax, 300).orElseThrow();
            TrackSnapshot tb = at(tracks, bx, 312).orElseThrow();
            if (idA == null) {
                idA = ta.id();
                idB = tb.id();
                assertThat(idA).isNotEqualTo(idB);
            }
            assertThat(ta.id()).as("A at frame %d", k).isEqualTo(idA);
            assertThat(tb.id()).as("B at frame %d", k).isEqualTo(idB);
        }
        assertThat(overlapping).isBetween(2, 4);
        assertThat(tracker.tracksConfirmed()).isEqualTo(2);
    }

    @Test
    void crossingWhereTheFrontObjectHidesTheOtherForAFrame() {
        // As above, but at the frame where the boxes overlap most only the front object is detected.
        long idA = -1;
        long idB = -1;
        for (int k = 0; k <= 20; k++) {
            double t = k * 0.2;
            double ax = 100 + 75 * t + 7;
            double bx = 400 - 75 * t;
            List<Detection> ds = new ArrayList<>(List.of(person(ax, 300, 0.9f)));
            if (k != 10) {
                ds.add(person(bx, 312, 0.85f));
            }
            List<TrackSnapshot> tracks = tracker.update(k * FRAME, ds);
            if (k == 2) {
                idA = at(tracks, ax, 300).orElseThrow().id();
                idB = at(tracks, bx, 312).orElseThrow().id();
            } else if (k > 2 && k != 10) {
                assertThat(at(tracks, ax, 300).orElseThrow().id()).as("A at %d", k).isEqualTo(idA);
                assertThat(at(tracks, bx, 312).orElseThrow().id()).as("B at %d", k).isEqualTo(idB);
            }
        }
        assertThat(tracker.tracksCreated()).isEqualTo(2);
    }

    @Test
    void occlusionOfFourFramesKeepsTheIdentity() {
        long id = -1;
        for (int k = 0; k <= 25; k++) {
            double x = 100 + 50 * k * 0.2;
            boolean hidden = k >= 10 && k < 14; // four frames at 5 fps: 0.8 s with no detection
            List<TrackSnapshot> tracks = tracker.update(k * FRAME, hidden ? List.of() : List.of(person(x, 200, 0.8f)));
            if (k == 5) {
                id = tracks.getFirst().id();
            }
            if (hidden) {
                assertThat(tracks).singleElement().satisfies(t -> {
                    assertThat(t.state()).isEqualTo(TrackState.LOST);
                    assertThat(t.box().centerX()).as("predicted through the occlusion").isCloseTo((float) x,
                            within(8f));
                });
            } else if (k > 5) {
                assertThat(tracks).singleElement().satisfies(t -> {
                    assertThat(t.id()).isEqualTo(tracker.tracks().getFirst().id());
                    assertThat(t.state()).isEqualTo(TrackState.CONFIRMED);
                });
                assertThat(tracks.getFirst().id()).isEqualTo(id);
            }
        }
        assertThat(tracker.tracksCreated()).isEqualTo(1);
    }

    @Test
    void stopAndGoKeepsOneIdentityAndItsVelocityFollows() {
        // A car drives right at 80 px/s for 3 s, stands still 10 s (detected all along, with 1 px jitter), drives on.
        Random jitter = new Random(7);
        double x = 100;
        long id = -1;
        double speedWhileStopped = Double.NaN;
        double speedAfter = Double.NaN;
        for (int k = 0; k <= 5 * 18; k++) {
            double t = k * 0.2;
            boolean moving = t < 3 || t >= 13;
            if (k > 0 && moving) {
                x += 80 * 0.2;
            }
            double jx = jitter.nextGaussian();
            double jy = jitter.nextGaussian();
            List<TrackSnapshot> tracks = tracker.update(k * FRAME, List.of(vehicle("car", x + jx, 400 + jy, 0.9f)));
            assertThat(tracks).hasSize(1);
            TrackSnapshot s = tracks.getFirst();
            if (k == 1) {
                id = s.id();
            }
            if (k >= 1) {
                assertThat(s.id()).as("frame %d", k).isEqualTo(id);
                assertThat(s.state()).isEqualTo(TrackState.CONFIRMED);
            }
            if (k == 14) {
                assertThat(s.vx()).as("moving at 80 px/s").isCloseTo(80, within(8.0));
            }
            if (k == 64) {
                speedWhileStopped = s.speed();
            }
            if (k == 5 * 18) {
                speedAfter = s.vx();
            }
        }
        assertThat(speedWhileStopped).as("speed at the end of the stop").isLessThan(3);
        assertThat(speedAfter).as("speed 5 s after moving again").isCloseTo(80, within(8.0));
        assertThat(tracker.tracksCreated()).isEqualTo(1);
    }

    @Test
    void lowScoreDetectionsKeepATrackAliveButNeverStartOne() {
        long id = -1;
        for (int k = 0; k < 40; k++) {
            double x = 100 + 30 * k * 0.2;
            // Frames 5..29 (5 s, longer than maxLostSeconds): the person scores 0.3 and 0.9 in turn, then only 0.3.
            float score = k < 5 || k >= 30 ? 0.9f : k < 15 && k % 2 == 0 ? 0.9f : 0.3f;
            // A second object is only ever seen at 0.3: it must never become a track.
            List<TrackSnapshot> tracks = tracker.update(k * FRAME,
                    List.of(person(x, 200, score), person(600, 200, 0.3f)));
            if (k == 1) {
                id = tracks.getFirst().id();
            }
            if (k >= 1) {
                assertThat(tracks).as("frame %d", k).singleElement().satisfies(t -> {
                    assertThat(t.state()).isEqualTo(TrackState.CONFIRMED);
                    assertThat(t.box().centerX()).isCloseTo((float) x, within(5f));
                });
                assertThat(tracks.getFirst().id()).isEqualTo(id);
            }
        }
        assertThat(tracker.tracksCreated()).isEqualTo(1);
    }

    @Test
    void busSeenAsTruckKeepsItsIdentityAndLabel() {
        long id = -1;
        for (int k = 0; k < 20; k++) {
            double x = 100 + 60 * k * 0.2;
            String label = k == 6 || (k >= 12 && k < 15) ? "truck" : "bus";
            List<TrackSnapshot> tracks = tracker.update(k * FRAME, List.of(vehicle(label, x, 300, 0.85f)));
            if (k == 1) {
                id = tracks.getFirst().id();
            }
            if (k >= 1) {
                assertThat(tracks).singleElement().satisfies(t -> {
                    assertThat(t.label()).isEqualTo("bus");
                    assertThat(t.classId()).isEqualTo(5);
                });
                assertThat(tracks.getFirst().id()).isEqualTo(id);
            }
        }
        assertThat(tracker.tracksCreated()).isEqualTo(1);
    }

    @Test
    void aVanSeenAsCarAndTruckInOneFrameIsOneTrack() {
        for (int k = 0; k < 10; k++) {
            double x = 100 + 60 * k * 0.2;
            tracker.update(k * FRAME, List.of(vehicle("car", x, 300, 0.8f), vehicle("truck", x + 2, 301, 0.7f)));
        }
        assertThat(tracker.tracks()).singleElement().satisfies(t -> assertThat(t.label()).isEqualTo("car"));
    }

    @Test
    void aPersonNeverContinuesAVehicleTrack() {
        tracker.update(0, List.of(vehicle("car", 200, 200, 0.9f)));
        tracker.update(FRAME, List.of(vehicle("car", 200, 200, 0.9f)));
        long car = tracker.tracks().getFirst().id();
        // Same place, but a person: the car is lost, the person starts its own track.
        tracker.update(2 * FRAME, List.of(new Detection(0, "person", 0.9f, box(200, 200, 120, 60))));
        List<TrackSnapshot> tracks = tracker.update(3 * FRAME,
                List.of(new Detection(0, "person", 0.9f, box(200, 200, 120, 60))));
        assertThat(tracks).extracting(TrackSnapshot::label).containsExactly("car", "person");
        assertThat(tracks.getFirst().id()).isEqualTo(car);
        assertThat(tracks.getFirst().state()).isEqualTo(TrackState.LOST);
    }

    @Test
    void leftToRightMotionHasPositiveHorizontalVelocity() {
        for (int k = 0; k < 15; k++) {
            tracker.update(k * FRAME, List.of(person(50 + 120 * k * 0.2, 300 + 10 * k * 0.2, 0.9f)));
        }
        TrackSnapshot t = tracker.tracks().getFirst();
        assertThat(t.vx()).isCloseTo(120, within(6.0));
        assertThat(t.vy()).isCloseTo(10, within(3.0));
        assertThat(t.history()).hasSize(15);
        assertThat(t.history().getFirst().nanos()).isZero();
        assertThat(t.history().getLast().nanos()).isEqualTo(14 * FRAME);
        assertThat(t.firstSeenNanos()).isZero();
        assertThat(t.lastSeenNanos()).isEqualTo(14 * FRAME);
        assertThat(t.hits()).isEqualTo(15);
    }

    @Test
    void aFastObjectAtFiveFpsNeedsTheBuffer() {
        // A person crossing 0.6 of its width per frame: plain IoU (ByteTrack) never gets past the tentative stage.
        ByteTracker plain = new ByteTracker(TrackerSettings.defaults().withBuffer(0, 0));
        for (int k = 0; k < 10; k++) {
            Detection d = person(50 + 120 * k * 0.2, 300, 0.9f);
            plain.update(k * FRAME, List.of(d));
            tracker.update(k * FRAME, List.of(d));
        }
        assertThat(plain.tracksConfirmed()).isZero();
        assertThat(plain.tracksCreated()).isEqualTo(10);
        assertThat(tracker.tracksCreated()).isEqualTo(1);
    }

    @Test
    void theSameMotionIsTrackedAtAnyFrameRate() {
        for (double fps : new double[] {2, 5, 12.5, 25}) {
            ByteTracker t = new ByteTracker();
            long step = Math.round(S / fps);
            int frames = (int) (6 * fps);
            for (int k = 0; k < frames; k++) {
                double seconds = k * step / 1e9;
                t.update(k * step, List.of(person(50 + 40 * seconds, 300 - 10 * seconds, 0.9f)));
            }
            assertThat(t.tracksCreated()).as("%s fps", fps).isEqualTo(1);
            TrackSnapshot s = t.tracks().getFirst();
            assertThat(s.vx()).as("%s fps", fps).isCloseTo(40, within(3.0));
            assertThat(s.vy()).as("%s fps", fps).isCloseTo(-10, within(3.0));
        }
    }
}
