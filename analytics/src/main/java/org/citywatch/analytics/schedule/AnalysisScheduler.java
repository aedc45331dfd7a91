package org.citywatch.analytics.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which cameras are analysed and how often (issue 4). Pure and deterministic: no threads, no I/O, time
 * is passed in as nanos of one monotonic clock (e.g. {@code System.nanoTime()}). Not thread-safe: the caller
 * synchronises.
 *
 * <p>Slots go, in order, to pinned cameras, cameras with an open alert, continuous cameras, then a patrol that
 * rotates the others through the free slots for one dwell each ({@link PatrolRotation}). Within a priority
 * class the earliest pinned / first alerted / earliest configured camera wins when slots run out (stable: a
 * later event never takes a slot from an earlier one of the same class). Changes to pins, alerts, cameras and
 * capacity take effect at the next {@link #tick}; {@link #admit} and {@link #stillFresh} use the last plan.
 *
 * <p>Rates are fair: every analysed stream gets min(targetFps, capacity / streams), floored at minFps. Latency is
 * bounded by dropping, not queueing: {@link #admit} paces each camera to one frame per interval and
 * {@link #stillFresh} refuses a frame that waited longer than one interval.
 */
public final class AnalysisScheduler {

    private final SchedulerSettings settings;
    private final long dwellNanos;
    private final LinkedHashSet<String> cameras = new LinkedHashSet<>();
    private final PatrolRotation rotation = new PatrolRotation();
    private final LinkedHashSet<String> pinned = new LinkedHashSet<>();
    /** Open alert count per camera, in order of the camera's first still-open alert. */
    private final LinkedHashMap<String, Integer> alerts = new LinkedHashMap<>();
    private final LinkedHashSet<String> continuous = new LinkedHashSet<>();
    /** When each analysed camera's next frame is due (per-camera pacing). */
    private final Map<String, Long> nextDue = new HashMap<>();
    private final Map<String, Long> lastAnalysed = new HashMap<>();
    private double capacityFps = Double.NaN;
    private Plan plan;

    public AnalysisScheduler(SchedulerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.dwellNanos = settings.patrolDwell().toNanos();
        this.plan = new Plan(Long.MIN_VALUE, Map.of(), settings.targetFps(), false, Optional.of(Duration.ZERO), 0,
                settings.maxConcurrentStreams(), List.of(), Set.of(), Set.of(), Set.of(), false);
    }

    public SchedulerSettings settings() {
        return settings;
    }

    /**
     * Replaces the set of known cameras. New ones join the end of the patrol rotation in the collection's
     * iteration order (pass a list in a stable order); removed ones leave every slot and their history is
     * forgotten. Pins, alerts and the continuous flag are operator/rule intent keyed by id and are kept: they
     * apply again if the camera comes back.
     */
    public void setCameras(Collection<String> ids) {
        LinkedHashSet<String> next = new LinkedHashSet<>();
        for (String id : ids) {
            next.add(checkId(id));
        }
        for (String id : List.copyOf(cameras)) {
            if (!next.contains(id)) {
                removeCamera(id);
            }
        }
        next.forEach(this::addCamera);
    }

    public void addCamera(String id) {
        if (cameras.add(checkId(id))) {
            rotation.add(id);
        }
    }

    public void removeCamera(String id) {
        if (cameras.remove(id)) {
            rotation.remove(id);
            nextDue.remove(id);
            lastAnalysed.remove(id);
        }
    }

    /** Pins a camera; pinning again keeps its original place among the pinned. */
    public void pin(String id) {
        pinned.add(checkId(id));
    }

    public void unpin(String id) {
        pinned.remove(id);
    }

    /** One more open alert on the camera; it keeps an ALERT slot until every opened alert is closed. */
    public void alertOpened(String id) {
        alerts.merge(checkId(id), 1, Integer::sum);
    }

    /** One alert of the camera closed; closing more than were opened is ignored. */
    public void alertClosed(String id) {
        alerts.computeIfPresent(id, (k, n) -> n <= 1 ? null : n - 1);
    }

    public void setContinuous(String id, boolean on) {
        if (on) {
            continuous.add(checkId(id));
        } else {
            continuous.remove(id);
        }
    }

    /**
     * The detector pool's measured throughput (frames per second, all streams together), fed every few seconds.
     * Used from the next tick on.
     */
    public void reportCapacity(double detectorFramesPerSecond) {
        if (!(detectorFramesPerSecond >= 0) || Double.isInfinite(detectorFramesPerSecond)) {
            throw new IllegalArgumentException("capacity must be finite and >= 0: " + detectorFramesPerSecond);
        }
        capacityFps = detectorFramesPerSecond;
    }

    /** Recomputes the assignment at {@code nowNanos}; call it every second or so, and after any change. */
    public Plan tick(long nowNanos) {
        LinkedHashMap<String, AnalysisRole> priority = priorityCameras();
        LinkedHashMap<String, StreamAssignment> next = new LinkedHashMap<>();
        List<String> waiting = new ArrayList<>();
        for (Map.Entry<String, AnalysisRole> e : priority.entrySet()) {
            if (next.size() < settings.maxConcurrentStreams()) {
                next.put(e.getKey(), new StreamAssignment(e.getKey(), e.getValue(), 0));
            } else {
                waiting.add(e.getKey());
            }
        }
        // A camera leaving a live slot was analysed until now: behind the others in the rotation it goes.
        for (StreamAssignment was : plan.analysed().values()) {
            if (was.role().live() && cameras.contains(was.cameraId()) && !priority.containsKey(was.cameraId())) {
                rotation.sendToBack(was.cameraId());
            }
        }
        int patrolSlots = settings.maxConcurrentStreams() - next.size();
        rotation.step(nowNanos, patrolSlots, dwellNanos, priority::containsKey);
        for (String id : rotation.patrolling().keySet()) {
            next.put(id, new StreamAssignment(id, AnalysisRole.PATROL, 0));
        }
        FairRate rate = FairRate.of(settings, capacityFps, next.size());
        next.replaceAll((id, a) -> new StreamAssignment(id, a.role(), rate.fps()));

        Set<String> started = new LinkedHashSet<>(next.keySet());
        started.removeAll(plan.analysed().keySet());
        Set<String> stopped = new LinkedHashSet<>(plan.analysed().keySet());
        stopped.removeAll(next.keySet());
        stopped.forEach(nextDue::remove); // a camera that comes back starts pacing afresh
        Set<String> reassigned = new LinkedHashSet<>();
        for (StreamAssignment a : next.values()) {
            StreamAssignment was = plan.analysed().get(a.cameraId());
            if (was != null && was.role() != a.role()) {
                reassigned.add(a.cameraId());
            }
        }
        int patrolCameras = cameras.size() - priority.size();
        boolean rateChanged = rate.fps() != plan.fps() || rate.overloaded() != plan.overloaded();
        plan = new Plan(nowNanos, next, rate.fps(), rate.overloaded(), patrolCycle(patrolCameras, patrolSlots),
                patrolCameras, patrolSlots, waiting, started, stopped, reassigned, rateChanged);
        return plan;
    }

    /** The last plan {@link #tick} returned (an empty one before the first tick). */
    public Plan plan() {
        return plan;
    }

    /**
     * Per-camera pacing: true if the camera is analysed in the current plan and its next frame is due (one interval,
     * 1 / rate, after the previous one was due); the frame is then counted as admitted. Frames in between are
     * skipped, so the detector never sees more than the fair rate from one camera.
     */
    public boolean admit(String id, long frameNanos) {
        StreamAssignment a = plan.analysed().get(id);
        if (a == null) {
            return false;
        }
        long interval = FairRate.intervalNanos(a.fps());
        Long due = nextDue.get(id);
        if (due != null && frameNanos < due) {
            return false;
        }
        // The next frame is due one interval after this one was due, not after it arrived: with a 10 fps source
        // and a 5 fps rate, a frame arriving a millisecond early must not push the camera to every third frame
        // (3.3 fps). A camera whose frames paused catches up by one frame at most, never with a burst.
        nextDue.put(id, due == null ? frameNanos + interval : Math.max(due + interval, frameNanos));
        return true;
    }

    /**
     * False when the frame waited longer than one interval (1 / the camera's rate) between arriving at
     * {@code frameNanos} and {@code nowNanos}, or the camera is no longer analysed: the caller drops it instead
     * of analysing it late, so a slow detector lowers the analysed rate instead of growing a queue.
     */
    public boolean stillFresh(long frameNanos, long nowNanos, String id) {
        StreamAssignment a = plan.analysed().get(id);
        return a != null && nowNanos - frameNanos <= FairRate.intervalNanos(a.fps());
    }

    /** Records that a frame of the camera was analysed at {@code nanos} (shown as lastAnalysedAt). */
    public void analysed(String id, long nanos) {
        if (cameras.contains(id)) {
            lastAnalysed.merge(id, nanos, Math::max);
        }
    }

    /** The ops-center view: one row per known camera, by id, as of the last plan. */
    public List<CameraScheduleState> states(long nowNanos) {
        return ScheduleStates.of(plan, cameras, priorityCameras(), rotation, lastAnalysed, dwellNanos, nowNanos);
    }

    /** Known cameras with a priority reason, in slot order: pinned, then alert, then continuous. */
    private LinkedHashMap<String, AnalysisRole> priorityCameras() {
        LinkedHashMap<String, AnalysisRole> out = new LinkedHashMap<>();
        addKnown(out, pinned, AnalysisRole.PINNED);
        addKnown(out, alerts.keySet(), AnalysisRole.ALERT);
        addKnown(out, continuous, AnalysisRole.CONTINUOUS);
        return out;
    }

    private void addKnown(Map<String, AnalysisRole> out, Collection<String> ids, AnalysisRole role) {
        for (String id : ids) {
            if (cameras.contains(id)) {
                out.putIfAbsent(id, role);
            }
        }
    }

    private Optional<Duration> patrolCycle(int patrolCameras, int patrolSlots) {
        if (patrolCameras == 0 || patrolCameras <= patrolSlots) {
            return Optional.of(Duration.ZERO); // no rotation: every patrol camera is analysed all the time
        }
        if (patrolSlots == 0) {
            return Optional.empty(); // priority cameras hold every slot: patrol cameras are never analysed
        }
        long turns = (patrolCameras + patrolSlots - 1L) / patrolSlots;
        return Optional.of(settings.patrolDwell().multipliedBy(turns));
    }

    private static String checkId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("camera id must not be blank");
        }
        return id;
    }
}
