package org.citywatch.analytics.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.citywatch.analytics.schedule.AnalysisScheduler;
import org.citywatch.analytics.schedule.CameraScheduleState;
import org.citywatch.analytics.schedule.Plan;
import org.citywatch.analytics.schedule.SchedulerSettings;
import org.citywatch.ingest.camera.Camera;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link AnalysisScheduler} for the pipeline: ticks it every second (and at once after a change of
 * cameras, pins or alerts), feeds it the measured capacity, logs each plan change in one line, and tells
 * ingest which cameras to decode in full. The scheduler itself is pure; this class owns its lock and clock.
 */
final class ScheduleDriver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ScheduleDriver.class);
    /** A camera list tag that asks for continuous analysis (rules that must see every moment). */
    static final String CONTINUOUS_TAG = "continuous";

    private final AnalysisScheduler scheduler;
    private final DecodeControl decode;
    private final DoubleSupplier capacity;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("analytics-scheduler").factory());
    /** Analysed frames per camera at the last tick and the rate measured from them. */
    private final Map<String, long[]> counted = new ConcurrentHashMap<>();
    private final Map<String, Double> measured = new ConcurrentHashMap<>();
    /** The known cameras, as last set: what the rate measure walks each second. */
    private volatile List<String> cameraIds = List.of();
    private long lastTickNanos = System.nanoTime();
    private double loggedFps = Double.NaN;
    private boolean loggedOverloaded;
    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** When the first periodic tick is due; the n-th is due n seconds later. */
    private volatile long firstTickDueNanos;
    /** The time the last plan was computed for; plans never go back in time. */
    private long lastPlanNanos = Long.MIN_VALUE;

    ScheduleDriver(SchedulerSettings settings, DecodeControl decode, DoubleSupplier capacity) {
        this.scheduler = new AnalysisScheduler(settings);
        this.decode = decode;
        this.capacity = capacity;
    }

    /**
     * Starts the one-second tick; {@code analysedCounts} gives each camera's analysed-frame counter, {@code alsoEach}
     * runs at each tick too (the pipeline's housekeeping).
     */
    void start(java.util.function.Function<String, Long> analysedCounts, Runnable alsoEach) {
        firstTickDueNanos = System.nanoTime() + TICK_NANOS;
        timer.scheduleAtFixedRate(() -> {
            try {
                alsoEach.run();
                measure(analysedCounts);
                tick(dueNanos());
            } catch (RuntimeException e) {
                log.error("scheduler tick failed; the next one runs in a second", e);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    void setCameras(Collection<Camera> cameras) {
        List<String> ids = new ArrayList<>();
        synchronized (scheduler) {
            for (Camera c : cameras) {
                ids.add(c.id());
                scheduler.setContinuous(c.id(), c.tags().contains(CONTINUOUS_TAG));
            }
            scheduler.setCameras(ids);
        }
        cameraIds = List.copyOf(ids);
        counted.keySet().retainAll(ids);
        measured.keySet().retainAll(ids);
        tick();
    }

    void pin(String id, boolean on) {
        synchronized (scheduler) {
            if (on) {
                scheduler.pin(id);
            } else {
                scheduler.unpin(id);
            }
        }
        tick();
    }

    void alert(String id, boolean open) {
        synchronized (scheduler) {
            if (open) {
                scheduler.alertOpened(id);
            } else {
                scheduler.alertClosed(id);
            }
        }
        tick();
    }

    boolean admit(String id, long frameNanos) {
        synchronized (scheduler) {
            return scheduler.admit(id, frameNanos);
        }
    }

    boolean isAnalysed(String id) {
        synchronized (scheduler) {
            return scheduler.plan().isAnalysed(id);
        }
    }

    boolean stillFresh(String id, long frameNanos, long nowNanos) {
        synchronized (scheduler) {
            return scheduler.stillFresh(frameNanos, nowNanos, id);
        }
    }

    void analysed(String id, long nanos) {
        synchronized (scheduler) {
            scheduler.analysed(id, nanos);
        }
    }

    /**
     * When the running periodic tick was due. The plan is computed for that time, not for when the tick got to
     * run: a patrol turn that starts at one tick then lasts exactly the dwell. With the time the tick ran, a turn
     * ended only if the next tick ran at least as late after its due time as this one, so a 1 s dwell lasted 1 s
     * or (more often) 2 s, and the patrol cycle was up to twice what the view reports.
     */
    private long dueNanos() {
        long sinceFirst = System.nanoTime() - firstTickDueNanos;
        return firstTickDueNanos + Math.max(0, sinceFirst / TICK_NANOS) * TICK_NANOS;
    }

    /** Recomputes the plan now; see {@link #tick(long)}. */
    void tick() {
        tick(System.nanoTime());
    }

    /** Recomputes the plan; on a change, logs it and switches ingest's decoding of the cameras concerned. */
    private synchronized void tick(long nowNanos) {
        // A change (pin, cameras) may have ticked between a periodic tick's due time and its run.
        lastPlanNanos = Math.max(lastPlanNanos, nowNanos);
        Plan plan;
        synchronized (scheduler) {
            double fps = capacity.getAsDouble();
            if (!Double.isNaN(fps)) {
                scheduler.reportCapacity(fps);
            }
            plan = scheduler.tick(lastPlanNanos);
        }
        if (!plan.changed()) {
            return;
        }
        boolean assignment = !plan.started().isEmpty() || !plan.stopped().isEmpty() || !plan.reassigned().isEmpty();
        // The measured capacity moves a little every second: log a rate change only when it is worth reading.
        boolean rateWorthALine = Double.isNaN(loggedFps) || plan.overloaded() != loggedOverloaded
                || Math.abs(plan.fps() - loggedFps) >= 0.1 * Math.max(loggedFps, plan.fps());
        if (assignment || rateWorthALine) {
            log.info(plan.logLine());
            loggedFps = plan.fps();
            loggedOverloaded = plan.overloaded();
        }
        // Stopped first: a rotation step frees decoders before it starts new ones.
        for (String id : plan.stopped()) {
            decode.analysing(id, false);
        }
        for (String id : plan.started()) {
            decode.analysing(id, true);
        }
        if (plan.rateChanged() || !plan.started().isEmpty()) {
            for (String id : plan.analysed().keySet()) {
                decode.rate(id, plan.fps());
            }
        }
    }

    private void measure(java.util.function.Function<String, Long> analysedCounts) {
        long now = System.nanoTime();
        double seconds = (now - lastTickNanos) / 1e9;
        lastTickNanos = now;
        for (String id : cameraIds) {
            long n = analysedCounts.apply(id);
            long[] last = counted.computeIfAbsent(id, k -> new long[] {n});
            double rate = seconds > 0 ? (n - last[0]) / seconds : 0;
            last[0] = n;
            // Smoothed over about 5 s: a 5 fps stream shows 5.0, not 4 and 6 in turn.
            measured.merge(id, rate, (old, now1) -> old + 0.2 * (now1 - old));
        }
    }

    ScheduleView view() {
        long nowNanos = System.nanoTime();
        Instant now = Instant.now();
        synchronized (scheduler) {
            Plan plan = scheduler.plan();
            List<ScheduleView.Camera> rows = new ArrayList<>();
            for (CameraScheduleState s : scheduler.states(nowNanos)) {
                rows.add(new ScheduleView.Camera(s.cameraId(), s.state(), s.role(), s.fps(),
                        measured.getOrDefault(s.cameraId(), 0.0),
                        s.lastAnalysedAt().map(n -> now.minusNanos(nowNanos - n)), s.reason()));
            }
            SchedulerSettings settings = scheduler.settings();
            return new ScheduleView(settings.maxConcurrentStreams(), settings.targetFps(), plan.fps(),
                    plan.overloaded(), capacity.getAsDouble(), plan.analysed().size(), plan.patrolCycle(),
                    plan.patrolCameras(), plan.patrolSlots(), rows);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
