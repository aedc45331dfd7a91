package org.citywatch.api.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.citywatch.analytics.alert.AlertIds;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;
import org.junit.jupiter.api.Test;

class PushReplayRingTest {

    private final long start = System.currentTimeMillis();

    private static PushEvent event(long heardNanos) {
        return PushMessages.alert(TestAlerts.raised("cam-1", "D1", AlertType.CROWD, Severity.P2), "{}", heardNanos);
    }

    private static PushEvent event(String id, long heardNanos) {
        var e = TestAlerts.raised("cam-1", "D1", AlertType.CROWD, Severity.P2);
        return PushMessages.alert(new org.citywatch.analytics.alert.AlertEvent(id, e.kind(), e.at(), e.alert()), "{}",
                heardNanos);
    }

    private static List<String> ids(List<PushEvent> events) {
        return events.stream().map(PushEvent::eventId).toList();
    }

    @Test
    void aHeldIdResumesRightAfterIt() {
        ReplayRing ring = new ReplayRing(10, Duration.ofMinutes(15), start);
        List<PushEvent> in = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            in.add(ring.append(event(i)));
        }
        ReplayRing.Start s = ring.start(in.get(2).eventId());
        assertThat(s).isEqualTo(new ReplayRing.Start(3, false));
        assertThat(ids(ring.after(s.afterSeq(), 100))).isEqualTo(ids(in.subList(3, 6)));
        assertThat(ring.after(6, 100)).isEmpty();
        assertThat(ids(ring.after(0, 2))).isEqualTo(ids(in.subList(0, 2)));
    }

    @Test
    void pastTheCountBoundTheOldestGoAndAnIdOfThemIsAGap() {
        ReplayRing ring = new ReplayRing(4, Duration.ofMinutes(15), start);
        List<PushEvent> in = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            in.add(ring.append(event(i)));
        }
        assertThat(ring.size()).isEqualTo(4);
        assertThat(ring.lostBefore()).isEqualTo(in.get(5).eventId());
        assertThat(ring.start(in.get(3).eventId())).isEqualTo(new ReplayRing.Start(6, true));
        assertThat(ids(ring.after(6, 100))).isEqualTo(ids(in.subList(6, 10)));
        assertThat(ring.after(2, 100)).as("a reader behind the ring").isNull();
        assertThat(ring.start(in.get(5).eventId())).as("the newest id lost is no gap by itself")
                .isEqualTo(new ReplayRing.Start(6, false));
    }

    @Test
    void pastTheAgeBoundTheOldestGo() {
        ReplayRing ring = new ReplayRing(100, Duration.ofSeconds(10), start);
        long s = 1_000_000_000L;
        PushEvent old = ring.append(event(0));
        PushEvent young = ring.append(event(s * 5));
        ring.expire(s * 12);
        assertThat(ring.size()).isEqualTo(1);
        assertThat(ring.lostBefore()).isEqualTo(old.eventId());
        assertThat(ids(ring.after(ring.start(old.eventId()).afterSeq(), 10))).containsExactly(young.eventId());
        assertThat(ring.start(old.eventId()).gap()).isFalse();
    }

    @Test
    void anIdFromBeforeTheStartIsAGapAndANewerUnknownIdIsNot() {
        String t = EventIds.floor(start + 1000).substring(0, 10);
        ReplayRing ring = new ReplayRing(10, Duration.ofMinutes(15), start);
        ring.append(event(t + "000000000000000A", 0));
        ring.append(event(t + "000000000000000C", 1));
        // (AlertIds never goes back in time, so an id of a minute ago is written out.)
        String aMinuteBefore = EventIds.floor(start - 60_000).substring(0, 10) + "000000000000000A";
        assertThat(ring.start(aMinuteBefore)).isEqualTo(new ReplayRing.Start(0, true));
        // Another node's id, made between the two: resume from the first held event that sorts after it.
        assertThat(ring.start(t + "000000000000000B")).isEqualTo(new ReplayRing.Start(1, false));
        assertThat(ring.start(AlertIds.next(System.currentTimeMillis() + 60_000)))
                .isEqualTo(new ReplayRing.Start(2, false));
    }
}
