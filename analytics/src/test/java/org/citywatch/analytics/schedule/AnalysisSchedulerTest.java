package org.citywatch.analytics.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AnalysisSchedulerTest {

    private static final long S = 1_000_000_000L;

    private static List<String> cams(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("cam%04d", i)).toList();
    }

    private static AnalysisScheduler scheduler(int slots, int cameras) {
        AnalysisScheduler s = new AnalysisScheduler(new SchedulerSettings(slots, 5, Duration.ofSeconds(20), 0.5));
        s.setCameras(cams(cameras));
        return s;
    }

    @Test
    void priorityClassesWinInOrderAndTiesGoToTheEarliest() {
        AnalysisScheduler s = scheduler(4, 10);
        s.setContinuous("cam0009", true);
        s.alertOpened("cam0005");
        s.alertOpened("cam0003");
        s.pin("cam0007");
        s.pin("cam0001");
        s.pin("cam0001"); // pinning again keeps the place
        Plan plan = s.tick(0);
        assertThat(plan.analysed().keySet()).containsExactly("cam0007", "cam0001", "cam0005", "cam0003");
        assertThat(plan.withRole(AnalysisRole.PINNED)).containsExactly("cam0007", "cam0001");
        assertThat(plan.withRole(AnalysisRole.ALERT)).containsExactly("cam0005", "cam0003");
        assertThat(plan.waiting()).containsExactly("cam0009");
        assertThat(plan.patrolSlots()).isZero();
        assertThat(plan.patrolCameras()).isEqualTo(5);
        assertThat(plan.patrolCycle()).as("patrol cameras but no slot: infinite").isEmpty();
        // A pinned camera with an alert counts once, as pinned.
        s.alertOpened("cam0007");
        Plan same = s.tick(S);
        assertThat(same.withRole(AnalysisRole.ALERT)).containsExactly("cam0005", "cam0003");
        assertThat(same.changed()).isFalse();
        // Unpinned, cam0007 stays analysed for its alert, behind the alerts opened before it.
        s.unpin("cam0007");
        Plan after = s.tick(2 * S);
        assertThat(after.analysed().keySet()).containsExactly("cam0001", "cam0005", "cam0003", "cam0007");
        assertThat(after.reassigned()).containsExactly("cam0007");
        assertThat(after.started()).isEmpty();
        assertThat(after.changed()).isTrue();
        assertThat(after.logLine()).contains("reassigned [cam0007]");
    }

    @Test
    void patrolVisitsEveryCameraExactlyOncePerCycle() {
        AnalysisScheduler s = scheduler(50, 1000);
        Map<String, Integer> turns = new HashMap<>();
        Plan first = s.tick(0);
        assertThat(first.patrolCycle()).contains(Duration.ofSeconds(400));
        System.out.println("1000 cameras, 50 slots, 20 s dwell: patrol cycle " + first.patrolCycle().get());
        first.started().forEach(id -> turns.merge(id, 1, Integer::sum));
        for (long t = 1; t < 400; t++) {
            Plan plan = s.tick(t * S);
            assertThat(plan.analysed()).hasSize(50);
            plan.started().forEach(id -> turns.merge(id, 1, Integer::sum));
            if (t % 20 != 0) {
                assertThat(plan.changed()).as("no change mid-dwell at %d s", t).isFalse();
            }
        }
        assertThat(turns).hasSize(1000);
        assertThat(turns.values()).containsOnly(1);
        // The next cycle starts over with the first cameras.
        assertThat(s.tick(400 * S).started()).containsExactlyElementsOf(cams(50));
    }

    @Test
    void pinTakesASlotFromThePatrolAtTheNextTickAndThePreemptedCameraIsNext() {
        AnalysisScheduler s = scheduler(2, 5);
        assertThat(s.tick(0).withRole(AnalysisRole.PATROL)).containsExactly("cam0000", "cam0001");
        s.pin("cam0004");
        assertThat(s.plan().isAnalysed("cam0004")).as("only at the next tick").isFalse();
        Plan plan = s.tick(5 * S);
        assertThat(plan.withRole(AnalysisRole.PINNED)).containsExactly("cam0004");
        assertThat(plan.withRole(AnalysisRole.PATROL)).containsExactly("cam0000");
        assertThat(plan.started()).containsExactly("cam0004");
        assertThat(plan.stopped()).containsExactly("cam0001");
        assertThat(plan.patrolCycle()).contains(Duration.ofSeconds(80)); // 4 patrol cameras, 1 slot
        // cam0000's dwell ends at 20 s; cam0001 lost its turn, not its place.
        assertThat(s.tick(20 * S).withRole(AnalysisRole.PATROL)).containsExactly("cam0001");
        s.unpin("cam0004");
        s.alertOpened("cam0002");
        Plan alert = s.tick(21 * S);
        assertThat(alert.withRole(AnalysisRole.ALERT)).containsExactly("cam0002");
        assertThat(alert.withRole(AnalysisRole.PATROL)).containsExactly("cam0001");
        s.alertClosed("cam0002");
        assertThat(s.tick(22 * S).withRole(AnalysisRole.PATROL)).containsExactly("cam0001", "cam0003");
    }

    @Test
    void removedCamerasFreeSlotsAndNewCamerasJoinTheEndOfTheRotation() {
        AnalysisScheduler s = scheduler(2, 4);
        s.pin("cam0000");
        assertThat(s.tick(0).withRole(AnalysisRole.PATROL)).containsExactly("cam0001");
        s.setCameras(List.of("cam0001", "cam0002", "cam0003", "new1"));
        Plan plan = s.tick(S);
        assertThat(plan.stopped()).containsExactly("cam0000");
        assertThat(plan.withRole(AnalysisRole.PATROL)).containsExactly("cam0001", "cam0002");
        assertThat(plan.patrolCycle()).contains(Duration.ofSeconds(40));
        s.addCamera("new2");
        assertThat(s.tick(20 * S).withRole(AnalysisRole.PATROL)).containsExactly("cam0002", "cam0003");
        assertThat(s.tick(21 * S).withRole(AnalysisRole.PATROL)).containsExactly("cam0003", "new1");
        assertThat(s.tick(41 * S).withRole(AnalysisRole.PATROL)).containsExactly("new2", "cam0001");
    }

    @Test
    void cycleIsZeroWhenEveryPatrolCameraFits() {
        AnalysisScheduler s = scheduler(50, 30);
        Plan plan = s.tick(0);
        assertThat(plan.patrolCycle()).contains(Duration.ZERO);
        assertThat(plan.analysed()).hasSize(30);
        assertThat(s.tick(20 * S).changed()).as("re-taking the same slots is no change").isFalse();
        assertThat(scheduler(5, 0).tick(0).patrolCycle()).contains(Duration.ZERO);
    }

    @Test
    void capacityLowersEveryStreamsRateFairlyAndFloorsAtMinFps() {
        AnalysisScheduler s = scheduler(50, 50);
        assertThat(s.tick(0).fps()).as("before any report: target").isEqualTo(5.0);
        s.reportCapacity(100);
        Plan plan = s.tick(S);
        assertThat(plan.fps()).isEqualTo(2.0);
        assertThat(plan.overloaded()).isFalse();
        assertThat(plan.rateChanged()).isTrue();
        assertThat(plan.analysed().values()).hasSize(50).allSatisfy(a -> assertThat(a.fps()).isEqualTo(2.0));
        assertThat(s.states(S)).allSatisfy(c -> assertThat(c.fps()).isEqualTo(2.0));
        s.reportCapacity(10);
        Plan overloaded = s.tick(2 * S);
        assertThat(overloaded.fps()).isEqualTo(0.5);
        assertThat(overloaded.overloaded()).isTrue();
        assertThat(overloaded.logLine()).contains("OVERLOADED");
        assertThat(overloaded.analysed().values()).allSatisfy(a -> assertThat(a.fps()).isEqualTo(0.5));
        s.reportCapacity(1000);
        assertThat(s.tick(3 * S).fps()).as("never above target").isEqualTo(5.0);
        assertThatThrownBy(() -> s.reportCapacity(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void admitPacesEachCameraToExactlyOneFramePerInterval() {
        AnalysisScheduler s = scheduler(2, 3);
        s.tick(0); // 5 fps: one frame per 200 ms
        long ms = 1_000_000L;
        List<Long> admitted = new ArrayList<>();
        for (long f = 0; f < 50; f++) { // 25 fps camera for 2 s
            if (s.admit("cam0000", f * 40 * ms)) {
                admitted.add(f * 40);
            }
        }
        assertThat(admitted).containsExactly(0L, 200L, 400L, 600L, 800L, 1000L, 1200L, 1400L, 1600L, 1800L);
        assertThat(s.admit("cam0001", 0)).as("pacing is per camera").isTrue();
        assertThat(s.admit("cam0002", 0)).as("not analysed").isFalse();
        assertThat(s.admit("cam0000", 1999 * ms)).isFalse();
        assertThat(s.admit("cam0000", 2000 * ms)).isTrue();
    }

    @Test
    void aJitteredSourceAtTwiceTheRateGivesTheFullRateNotOneFrameInThree() {
        AnalysisScheduler s = scheduler(2, 3);
        s.tick(0); // 5 fps from a 10 fps camera whose frames arrive up to 3 ms early or late
        long ms = 1_000_000L;
        int admitted = 0;
        for (long f = 0; f < 100; f++) { // 10 s
            long jitter = (f % 3 - 1) * 3 * ms;
            if (s.admit("cam0000", f * 100 * ms + jitter)) {
                admitted++;
            }
        }
        assertThat(admitted).as("5 fps for 10 s").isBetween(49, 51);
    }

    @Test
    void aCameraWhoseFramesPausedCatchesUpByOneFrameAtMost() {
        AnalysisScheduler s = scheduler(2, 3);
        s.tick(0);
        long ms = 1_000_000L;
        assertThat(s.admit("cam0000", 0)).isTrue();
        // Nothing for 5 s, then frames every 40 ms: one extra frame may pass early, then 200 ms pacing again.
        List<Long> admitted = new ArrayList<>();
        for (long t = 5000; t < 6000; t += 40) {
            if (s.admit("cam0000", t * ms)) {
                admitted.add(t);
            }
        }
        assertThat(admitted).containsExactly(5000L, 5040L, 5200L, 5400L, 5600L, 5800L);
    }

    @Test
    void aFrameThatWaitedLongerThanOneIntervalIsNotFresh() {
        AnalysisScheduler s = scheduler(1, 2);
        s.reportCapacity(2); // one stream at 2 fps: 500 ms interval
        s.tick(0);
        long ms = 1_000_000L;
        assertThat(s.stillFresh(1000 * ms, 1000 * ms, "cam0000")).isTrue();
        assertThat(s.stillFresh(1000 * ms, 1500 * ms, "cam0000")).isTrue();
        assertThat(s.stillFresh(1000 * ms, 1500 * ms + 1, "cam0000")).isFalse();
        assertThat(s.stillFresh(1000 * ms, 1000 * ms, "cam0001")).as("not analysed").isFalse();
    }

    @Test
    void statesShowLivePatrolAndIdleWithRateAndLastAnalysis() {
        AnalysisScheduler s = scheduler(3, 5);
        s.setContinuous("cam0004", true);
        s.tick(0);
        s.analysed("cam0004", 3 * S);
        s.analysed("cam0000", 2 * S);
        s.analysed("cam0000", 1 * S); // out of order: the latest wins
        List<CameraScheduleState> rows = s.states(5 * S);
        assertThat(rows).extracting(CameraScheduleState::cameraId)
                .containsExactly("cam0000", "cam0001", "cam0002", "cam0003", "cam0004");
        assertThat(rows.get(4)).isEqualTo(new CameraScheduleState("cam0004", ScheduleState.LIVE,
                Optional.of(AnalysisRole.CONTINUOUS), 5.0, Optional.of(3 * S), "rules need continuous analysis"));
        assertThat(rows.get(0)).isEqualTo(new CameraScheduleState("cam0000", ScheduleState.PATROL,
                Optional.of(AnalysisRole.PATROL), 5.0, Optional.of(2 * S), "patrol, 15 s left"));
        assertThat(rows.get(1).state()).isEqualTo(ScheduleState.PATROL);
        assertThat(rows.get(2)).isEqualTo(new CameraScheduleState("cam0002", ScheduleState.IDLE,
                Optional.empty(), 0, Optional.empty(), "waiting for patrol turn (1 of 2)"));
        assertThat(rows.get(3).reason()).isEqualTo("waiting for patrol turn (2 of 2)");
    }

    @Test
    void aPinnedCameraWithAnOpenAlertKeepsThePinnedRoleAndLosesItOnlyWhenUnpinned() {
        // The dashboard shows a camera as pinned when its role is PINNED: an alert must not hide the pin.
        AnalysisScheduler s = scheduler(2, 3);
        s.pin("cam0002");
        s.alertOpened("cam0002");
        s.tick(0);
        assertThat(s.states(0).get(2).role()).contains(AnalysisRole.PINNED);
        assertThat(s.states(0).get(2).state()).isEqualTo(ScheduleState.LIVE);
        s.unpin("cam0002");
        s.tick(S);
        assertThat(s.states(S).get(2).role()).contains(AnalysisRole.ALERT);
        assertThat(s.states(S).get(2).state()).isEqualTo(ScheduleState.LIVE);
    }

    @Test
    void priorityCameraWithoutASlotIsIdleWithItsWantedRole() {
        AnalysisScheduler s = scheduler(1, 3);
        s.pin("cam0001");
        s.pin("cam0002");
        s.tick(0);
        CameraScheduleState row = s.states(0).get(2);
        assertThat(row.state()).isEqualTo(ScheduleState.IDLE);
        assertThat(row.role()).contains(AnalysisRole.PINNED);
        assertThat(row.reason()).contains("no free slot");
    }

    @Test
    void settingsAreValidated() {
        assertThat(SchedulerSettings.defaults())
                .isEqualTo(new SchedulerSettings(50, 5.0, Duration.ofSeconds(20), 0.5));
        assertThatThrownBy(() -> new SchedulerSettings(0, 5, Duration.ofSeconds(20), 0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SchedulerSettings(50, 5, Duration.ofSeconds(20), 6))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SchedulerSettings(50, 5, Duration.ZERO, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SchedulerSettings(50, Double.NaN, Duration.ofSeconds(20), 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
