package org.citywatch.analytics.schedule;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Builds the ops-center rows of {@link AnalysisScheduler#states}. */
final class ScheduleStates {

    private ScheduleStates() {
    }

    static List<CameraScheduleState> of(Plan plan, Collection<String> cameras, Map<String, AnalysisRole> priority,
                                        PatrolRotation rotation, Map<String, Long> lastAnalysed, long dwellNanos,
                                        long nowNanos) {
        // Positions in the patrol queue, counting only cameras that will take a patrol turn.
        Map<String, Integer> position = new HashMap<>();
        for (String id : rotation.queue()) {
            if (!priority.containsKey(id)) {
                position.put(id, position.size() + 1);
            }
        }
        List<String> ids = new ArrayList<>(cameras);
        ids.sort(null);
        List<CameraScheduleState> rows = new ArrayList<>(ids.size());
        for (String id : ids) {
            Optional<Long> last = Optional.ofNullable(lastAnalysed.get(id));
            StreamAssignment a = plan.analysed().get(id);
            if (a != null && a.role().live()) {
                rows.add(new CameraScheduleState(id, ScheduleState.LIVE, Optional.of(a.role()), a.fps(), last,
                        liveReason(a.role())));
            } else if (a != null) {
                Long start = rotation.patrolling().get(id);
                long leftNanos = start == null ? 0 : Math.max(0, start + dwellNanos - nowNanos);
                rows.add(new CameraScheduleState(id, ScheduleState.PATROL, Optional.of(AnalysisRole.PATROL), a.fps(),
                        last, String.format(Locale.ROOT, "patrol, %d s left", (leftNanos + 999_999_999L)
                        / 1_000_000_000L)));
            } else if (priority.containsKey(id)) {
                AnalysisRole wanted = priority.get(id);
                rows.add(new CameraScheduleState(id, ScheduleState.IDLE, Optional.of(wanted), 0, last,
                        liveReason(wanted) + ", but no free slot (maxConcurrentStreams reached)"));
            } else {
                Integer p = position.get(id);
                String reason = p == null ? "waiting for the next tick"
                        : "waiting for patrol turn (" + p + " of " + position.size() + ")";
                rows.add(new CameraScheduleState(id, ScheduleState.IDLE, Optional.empty(), 0, last, reason));
            }
        }
        return rows;
    }

    private static String liveReason(AnalysisRole role) {
        return switch (role) {
            case PINNED -> "pinned by operator";
            case ALERT -> "open alert";
            case CONTINUOUS -> "rules need continuous analysis";
            case PATROL -> "patrol";
        };
    }
}
