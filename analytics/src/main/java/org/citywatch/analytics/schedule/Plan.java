package org.citywatch.analytics.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The outcome of one {@link AnalysisScheduler#tick}: who is analysed, at what rate, and what changed.
 *
 * @param atNanos        the tick's time
 * @param analysed       camera id to assignment, in priority order (pinned, alert, continuous, patrol)
 * @param fps            the fair rate every analysed stream gets (also in each assignment)
 * @param overloaded     even {@code minFps} per stream is more than the reported detector capacity
 * @param patrolCycle    the longest a patrol camera waits between two patrol turns, ceil(patrolCameras /
 *                       patrolSlots) x dwell: {@link Duration#ZERO} when no rotation is needed (no patrol camera,
 *                       or every one of them has a slot all the time); empty (infinite staleness) when there
 *                       are patrol cameras but priority cameras take every slot
 * @param patrolCameras  cameras that are not pinned, alerting or continuous, and so depend on the patrol
 * @param patrolSlots    slots left for the patrol after the priority cameras
 * @param waiting        priority cameras that got no slot because higher-priority ones took all of them
 * @param started        cameras analysed in this plan but not in the previous one (switch their ingest to full
 *                       decode)
 * @param stopped        cameras analysed in the previous plan but not in this one
 * @param reassigned     cameras analysed in both plans under a different role (a patrolled camera pinned, an
 *                       alert closed on a continuous one): no decode switch needed, but worth the log line
 * @param rateChanged    the fair rate or the overload flag differs from the previous plan
 */
public record Plan(long atNanos, Map<String, StreamAssignment> analysed, double fps, boolean overloaded,
                   Optional<Duration> patrolCycle, int patrolCameras, int patrolSlots, List<String> waiting,
                   Set<String> started, Set<String> stopped, Set<String> reassigned,
                   boolean rateChanged) {

    public Plan {
        analysed = Collections.unmodifiableMap(new LinkedHashMap<>(analysed));
        waiting = List.copyOf(waiting);
        started = Collections.unmodifiableSet(new LinkedHashSet<>(started));
        stopped = Collections.unmodifiableSet(new LinkedHashSet<>(stopped));
        reassigned = Collections.unmodifiableSet(new LinkedHashSet<>(reassigned));
        Objects.requireNonNull(patrolCycle, "patrolCycle");
    }

    /** True when the caller should log {@link #logLine()} and switch decode policies. */
    public boolean changed() {
        return !started.isEmpty() || !stopped.isEmpty() || !reassigned.isEmpty() || rateChanged;
    }

    public boolean isAnalysed(String cameraId) {
        return analysed.containsKey(cameraId);
    }

    /** Analysed cameras holding the given role, in plan order. */
    public List<String> withRole(AnalysisRole role) {
        List<String> ids = new ArrayList<>();
        analysed.values().stream().filter(a -> a.role() == role).forEach(a -> ids.add(a.cameraId()));
        return ids;
    }

    /** One line for the log on change; lists at most a few ids so a patrol step of 50 cameras stays readable. */
    public String logLine() {
        return String.format(Locale.ROOT,
                "scheduler: %d analysed (pinned %d, alert %d, continuous %d, patrol %d of %d), %.2f fps each%s, "
                        + "patrol cycle %s, started %s, stopped %s, reassigned %s%s",
                analysed.size(), withRole(AnalysisRole.PINNED).size(), withRole(AnalysisRole.ALERT).size(),
                withRole(AnalysisRole.CONTINUOUS).size(), withRole(AnalysisRole.PATROL).size(), patrolCameras,
                fps, overloaded ? " (OVERLOADED: detector below minFps per stream)" : "",
                patrolCycle.map(d -> d.toSeconds() + " s").orElse("infinite (no free slot)"),
                abbreviate(started), abbreviate(stopped), abbreviate(reassigned),
                waiting.isEmpty() ? "" : ", no slot for " + waiting.size() + " priority cameras");
    }

    private static String abbreviate(Set<String> ids) {
        List<String> list = List.copyOf(ids);
        return list.size() <= 5 ? list.toString()
                : list.subList(0, 5).toString().replace("]", ", ... +" + (list.size() - 5) + "]");
    }
}
