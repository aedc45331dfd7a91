package org.citywatch.analytics.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.citywatch.analytics.track.Scenes.FRAME;
import static org.citywatch.analytics.track.Scenes.S;
import static org.citywatch.analytics.track.Scenes.box;
import static org.citywatch.analytics.track.Scenes.person;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.citywatch.analytics.detect.BoundingBox;
import org.citywatch.analytics.detect.Detection;
import org.junit.jupiter.api.Test;

/** The tracker under bad input, storms of detections, odd clocks: bounded, never throws, ids stay sane. */
class ByteTrackerRobustnessTest {

    final ByteTracker tracker = new ByteTracker();

    @Test
    void aStormOfFalseDetectionsStaysBounded() {
        Random random = new Random(42);
        TrackerSettings settings = TrackerSettings.defaults();
        for (int k = 0; k < 20; k++) {
            List<Detection> storm = new ArrayList<>(1000);
            for (int i = 0; i < 1000; i++) {
                float x = random.nextFloat() * 1900;
                float y = random.nextFloat() * 1060;
                float w = 5 + random.nextFloat() * 80;
                float h = 5 + random.nextFloat() * 120;
                String label = random.nextBoolean() ? "person" : "car";
                storm.add(new Detection(label.equals("person") ? 0 : 2, label, random.nextFloat(),
                        new BoundingBox(x, y, x + w, y + h)));
            }
            List<TrackSnapshot> tracks = tracker.update(k * FRAME, storm);
            assertThat(tracks.size()).isLessThanOrEqualTo(settings.maxTracks());
        }
        assertThat(tracker.tracks().size()).isLessThanOrEqualTo(settings.maxTracks());
    }

    @Test
    void historyIsBoundedAndInTimeOrder() {
        for (int k = 0; k < 200; k++) {
            tracker.update(k * FRAME, List.of(person(100 + k, 300, 0.9f)));
        }
        List<TimedBox> history = tracker.tracks().getFirst().history();
        assertThat(history).hasSize(ByteTracker.HISTORY);
        assertThat(history.getFirst().nanos()).isEqualTo((200 - ByteTracker.HISTORY) * FRAME);
        for (int i = 1; i < history.size(); i++) {
            assertThat(history.get(i).nanos()).isGreaterThan(history.get(i - 1).nanos());
        }
    }

    @Test
    void badInputIsIgnored() {
        assertThat(tracker.update(0, List.of())).isEmpty();
        assertThat(tracker.update(FRAME, null)).isEmpty();
        List<Detection> bad = Arrays.asList(null,
                new Detection(0, "person", Float.NaN, box(100, 100, 40, 100)),
                new Detection(0, "person", 0.9f, new BoundingBox(10, 10, 10, 50)),          // no width
                new Detection(0, "person", 0.9f, new BoundingBox(10, 10, 50, 10)),          // no height
                new Detection(0, "person", 0.9f, new BoundingBox(0, 0, Float.POSITIVE_INFINITY, 50)),
                new Detection(0, "person", 0.9f, new BoundingBox(-3e38f, -3e38f, 3e38f, 3e38f)),
                new Detection(0, "person", 0.05f, box(300, 300, 40, 100)));                 // below lowScore
        for (int k = 2; k < 6; k++) {
            assertThat(tracker.update(k * FRAME, bad)).isEmpty();
        }
        assertThat(tracker.tracksCreated()).isZero();
    }

    @Test
    void aLongGapEndsEveryTrack() {
        tracker.update(0, List.of(person(100, 100, 0.9f)));
        tracker.update(FRAME, List.of(person(100, 100, 0.9f)));
        long before = tracker.tracks().getFirst().id();
        // 60 s later, the same place: the old track must not be revived.
        List<TrackSnapshot> after = tracker.update(FRAME + 60 * S, List.of(person(100, 100, 0.9f)));
        assertThat(after).singleElement().satisfies(t -> {
            assertThat(t.id()).isGreaterThan(before);
            assertThat(t.state()).isEqualTo(TrackState.TENTATIVE);
        });
    }

    @Test
    void timeGoingBackAStepCountsAsNoTimeAndALargeJumpBackRestarts() {
        for (int k = 0; k < 5; k++) {
            tracker.update(k * FRAME, List.of(person(100 + 10 * k, 100, 0.9f)));
        }
        long id = tracker.tracks().getFirst().id();
        // 0.3 s back: used as if at the latest time.
        List<TrackSnapshot> back = tracker.update(4 * FRAME - 3 * S / 10, List.of(person(142, 100, 0.9f)));
        assertThat(back).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(id);
            assertThat(t.lastSeenNanos()).isEqualTo(4 * FRAME);
        });
        // Then forward again normally.
        assertThat(tracker.update(5 * FRAME, List.of(person(150, 100, 0.9f))).getFirst().id()).isEqualTo(id);
        // An hour back: the clock restarted; old tracks end, ids go on increasing.
        List<TrackSnapshot> restarted = tracker.update(5 * FRAME - 3600 * S, List.of(person(150, 100, 0.9f)));
        assertThat(restarted).singleElement().satisfies(t -> assertThat(t.id()).isGreaterThan(id));
    }

    @Test
    void idsAreUniqueAndIncreasing() {
        Set<Long> seen = new HashSet<>();
        long last = 0;
        Random random = new Random(3);
        for (int k = 0; k < 50; k++) {
            List<Detection> ds = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ds.add(person(random.nextInt(1000), random.nextInt(1000), 0.9f));
            }
            for (TrackSnapshot t : tracker.update(k * FRAME, ds)) {
                if (seen.add(t.id())) {
                    assertThat(t.id()).isGreaterThan(last);
                    last = t.id();
                }
            }
        }
        assertThat(last).isEqualTo(tracker.tracksCreated());
    }

    @Test
    void bufferedIouWidensBothBoxes() {
        BoundingBox a = new BoundingBox(0, 0, 10, 10);
        BoundingBox b = new BoundingBox(10, 0, 20, 10); // touching: no overlap
        assertThat(BoxMatch.iou(a, b, 0)).isZero();
        // Buffer 0.5: [-5,15] and [5,25] in x, [-5,15] in y: overlap 10 x 20 over 2 * 400 - 200.
        assertThat(BoxMatch.iou(a, b, 0.5)).isCloseTo(200.0 / 600, within(1e-9));
        assertThat(BoxMatch.iou(a, a, 0.3)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void classUnawareTrackerFollowsAcrossClasses() {
        ByteTracker any = new ByteTracker(TrackerSettings.defaults().withClassAware(false));
        for (int k = 0; k < 6; k++) {
            String label = k % 2 == 0 ? "car" : "person";
            any.update(k * FRAME, List.of(new Detection(label.equals("car") ? 2 : 0, label, 0.9f,
                    box(100 + 5 * k, 100, 60, 60))));
        }
        assertThat(any.tracksCreated()).isEqualTo(1);
    }
}
