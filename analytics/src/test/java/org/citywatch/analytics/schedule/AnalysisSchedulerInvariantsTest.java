package org.citywatch.analytics.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Seeded random scenarios: properties that must hold whatever the mix of slots, cameras and events. */
class AnalysisSchedulerInvariantsTest {

    private static final long S = 1_000_000_000L;

    @Test
    void withAStableConfigurationNoCameraIsStalerThanTheReportedCycle() {
        Random random = new Random(4L);
        for (int run = 0; run < 80; run++) {
            int slots = 1 + random.nextInt(20);
            int cameras = 1 + random.nextInt(120);
            int dwell = 1 + random.nextInt(10);
            AnalysisScheduler s = new AnalysisScheduler(
                    new SchedulerSettings(slots, 5, Duration.ofSeconds(dwell), 0.5));
            List<String> ids = IntStream.range(0, cameras).mapToObj(i -> "c" + i).toList();
            s.setCameras(ids);
            int pins = random.nextInt(Math.min(slots, cameras)); // leave at least one patrol slot
            for (int i = 0; i < pins; i++) {
                s.pin(ids.get(random.nextInt(cameras)));
            }
            Map<String, Long> lastSeen = new HashMap<>();
            Plan first = s.tick(0);
            long cycle = first.patrolCycle().orElseThrow().toSeconds();
            String context = "run " + run + ": " + cameras + " cameras, " + slots + " slots, dwell " + dwell
                    + ", cycle " + cycle;
            if (first.patrolCameras() > first.patrolSlots()) {
                assertThat(cycle).as(context).isEqualTo(
                        (long) Math.ceil((double) first.patrolCameras() / first.patrolSlots()) * dwell);
            }
            for (long t = 0; t <= 3 * Math.max(cycle, dwell); t++) {
                Plan plan = t == 0 ? first : s.tick(t * S);
                assertThat(plan.analysed()).as(context).hasSize(Math.min(slots, cameras));
                for (String id : plan.analysed().keySet()) {
                    lastSeen.put(id, t);
                }
                if (t >= cycle) {
                    for (String id : ids) {
                        assertThat(t - lastSeen.getOrDefault(id, -1L)).as(context + ", " + id + " at " + t)
                                .isLessThanOrEqualTo(Math.max(cycle, 1));
                    }
                }
            }
        }
    }

    @Test
    void underRandomChurnSlotsAreNeverExceededAndPriorityComesFirst() {
        Random random = new Random(11L);
        AnalysisScheduler s = new AnalysisScheduler(new SchedulerSettings(8, 5, Duration.ofSeconds(5), 0.5));
        List<String> ids = IntStream.range(0, 40).mapToObj(i -> "c" + i).toList();
        s.setCameras(ids);
        for (long t = 0; t < 2_000; t++) {
            String id = ids.get(random.nextInt(ids.size()));
            switch (random.nextInt(9)) {
                case 0 -> s.pin(id);
                case 1 -> s.unpin(id);
                case 2 -> s.alertOpened(id);
                case 3 -> s.alertClosed(id);
                case 4 -> s.setContinuous(id, random.nextBoolean());
                case 5 -> s.removeCamera(id);
                case 6 -> s.addCamera(id);
                case 7 -> s.reportCapacity(random.nextDouble() * 60);
                default -> { }
            }
            Plan plan = s.tick(t * S);
            assertThat(plan.analysed().size()).isLessThanOrEqualTo(8);
            assertThat(plan.fps()).isBetween(0.5, 5.0);
            List<AnalysisRole> roles = plan.analysed().values().stream().map(StreamAssignment::role).toList();
            assertThat(roles).as("roles in priority order").isSorted();
            if (!plan.waiting().isEmpty()) {
                assertThat(roles).doesNotContain(AnalysisRole.PATROL).hasSize(8);
            }
            assertThat(s.states(t * S)).allSatisfy(row -> assertThat(row.fps() > 0)
                    .isEqualTo(row.state() != ScheduleState.IDLE));
            assertThat(plan.logLine()).startsWith("scheduler: " + plan.analysed().size() + " analysed");
        }
    }
}
