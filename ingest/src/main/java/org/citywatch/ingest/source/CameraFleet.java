package org.citywatch.ingest.source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All cameras of this node: starts and stops their sources, applies a new camera list at run time, and
 * reports their health. Thread-safe.
 *
 * <p>{@link #apply} compares the new list with the running cameras by id:
 * <ul>
 *   <li>a new id starts; an id no longer listed stops;</li>
 *   <li>a camera whose stream changed (url, sub-stream url or kind: {@link Camera#sameStreamAs}) restarts:
 *       the old source is stopped, then a new one opened (in that order, because many cameras allow only a
 *       few sessions);</li>
 *   <li>a camera whose only changes are what is shown (name, district, ward, position, tags) is
 *       <em>updated</em> in place: its stream is not touched, and from the next frame on the sink and
 *       {@link #snapshot()} see the new record;</li>
 *   <li>everything else is left exactly as it is (same source object, frames keep flowing).</li>
 * </ul>
 * Sources are stopped in parallel, one virtual thread each, so a camera slow to stop delays no other.
 */
public final class CameraFleet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CameraFleet.class);
    private static final int IDS_IN_LOG = 20;

    private final BiFunction<Camera, FrameSink, CameraSource> sources;
    private final FrameSink sink;
    /** Guarded by {@code this}; held only briefly, so snapshot() never waits for a camera to stop. */
    private final Map<String, Running> running = new LinkedHashMap<>();
    /** Serialises apply/start/close: they stop and start sources outside the map's lock. */
    private final Object changes = new Object();
    private boolean closed; // guarded by changes

    /** A running camera: its source, and the record the sink and snapshot see (replaced on a metadata update). */
    private record Running(CameraSource source, AtomicReference<Camera> camera) {
    }

    /**
     * What {@link #apply} did, by camera id, in list order (stopped: in the order they were running).
     *
     * @param updated cameras whose name, district, ward, position or tags changed: record replaced,
     *                stream untouched
     */
    public record Change(List<String> started, List<String> stopped, List<String> restarted, List<String> updated,
                         List<String> unchanged) {
        public Change {
            started = List.copyOf(started);
            stopped = List.copyOf(stopped);
            restarted = List.copyOf(restarted);
            updated = List.copyOf(updated);
            unchanged = List.copyOf(unchanged);
        }

        /** True when nothing was started, stopped, restarted or updated. */
        public boolean isEmpty() {
            return started.isEmpty() && stopped.isEmpty() && restarted.isEmpty() && updated.isEmpty();
        }
    }

    public CameraFleet(CameraSources sources, FrameSink sink) {
        this(sources::create, sink);
    }

    /** With any source factory: tests use one whose sources are slow to stop or fail to start. */
    CameraFleet(BiFunction<Camera, FrameSink, CameraSource> sources, FrameSink sink) {
        this.sources = sources;
        this.sink = sink;
    }

    /** Adds cameras to those running; an id already running is kept as it is and the duplicate ignored. */
    public void start(Collection<Camera> cameras) {
        synchronized (changes) {
            Map<String, Camera> desired = new LinkedHashMap<>();
            synchronized (this) {
                running.forEach((id, r) -> desired.put(id, r.camera().get()));
            }
            for (Camera camera : cameras) {
                if (desired.putIfAbsent(camera.id(), camera) != null) {
                    log.warn("Camera {} is already running; duplicate ignored", camera.id());
                }
            }
            apply(desired.values());
        }
    }

    /**
     * Makes the running cameras those of {@code desired} (see the class comment). A duplicate id in
     * {@code desired} is ignored after its first entry. A camera whose source cannot be created is logged
     * and left out; it is tried again on the next apply. After {@link #close()}, does nothing.
     */
    public Change apply(Collection<Camera> desired) {
        synchronized (changes) {
            if (closed) {
                log.warn("Camera fleet is closed; a camera list with {} camera(s) was not applied", desired.size());
                return new Change(List.of(), List.of(), List.of(), List.of(), List.of());
            }
            Map<String, Camera> wanted = new LinkedHashMap<>();
            for (Camera c : desired) {
                if (wanted.putIfAbsent(c.id(), c) != null) {
                    log.warn("Camera {} is listed twice; the first entry is used", c.id());
                }
            }
            List<String> started = new ArrayList<>(), stopped = new ArrayList<>(), restarted = new ArrayList<>(),
                    updated = new ArrayList<>(), unchanged = new ArrayList<>();
            List<CameraSource> toStop = new ArrayList<>();
            List<Camera> toStart = new ArrayList<>();
            synchronized (this) {
                for (var it = running.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (!wanted.containsKey(e.getKey())) {
                        toStop.add(e.getValue().source());
                        stopped.add(e.getKey());
                        it.remove();
                    }
                }
                for (Camera camera : wanted.values()) {
                    Running r = running.get(camera.id());
                    if (r == null) {
                        toStart.add(camera);
                        started.add(camera.id());
                    } else if (r.camera().get().equals(camera)) {
                        unchanged.add(camera.id());
                    } else if (r.camera().get().sameStreamAs(camera)) {
                        r.camera().set(camera);
                        updated.add(camera.id());
                    } else {
                        // Stays listed (STOPPED, then its new source) so it never vanishes from snapshot().
                        toStop.add(r.source());
                        toStart.add(camera);
                        restarted.add(camera.id());
                    }
                }
            }
            stopAll(toStop);
            for (Camera camera : toStart) {
                if (!startOne(camera)) {
                    started.remove(camera.id());
                    if (restarted.remove(camera.id())) {
                        stopped.add(camera.id()); // its old source is stopped and no new one runs
                    }
                }
            }
            Change change = new Change(started, stopped, restarted, updated, unchanged);
            log.info("Cameras: {} started {}, {} stopped {}, {} restarted {}, {} updated {}, {} unchanged",
                    started.size(), ids(started), stopped.size(), ids(stopped), restarted.size(), ids(restarted),
                    updated.size(), ids(updated), unchanged.size());
            return change;
        }
    }

    /** Creates and starts one camera's source; a failure affects only this camera. */
    private boolean startOne(Camera camera) {
        AtomicReference<Camera> current = new AtomicReference<>(camera);
        try {
            // The sink sees the fleet's current record, so a metadata update reaches it without a restart.
            CameraSource source = sources.apply(camera, (ignored, frame) -> sink.onFrame(current.get(), frame));
            synchronized (this) {
                running.put(camera.id(), new Running(source, current));
            }
            source.start();
            return true;
        } catch (RuntimeException e) {
            synchronized (this) {
                running.remove(camera.id());
            }
            log.error("Camera {} cannot be started: {}", camera.id(), Redaction.text(FailureReasons.describe(e)));
            return false;
        }
    }

    private static void stopAll(List<CameraSource> toStop) {
        if (toStop.isEmpty()) {
            return;
        }
        try (ExecutorService stopper = Executors.newVirtualThreadPerTaskExecutor()) {
            for (CameraSource source : toStop) {
                stopper.execute(() -> {
                    try {
                        source.stop();
                    } catch (RuntimeException e) {
                        log.error("Camera {}: stopping failed", source.camera().id(), e);
                    }
                });
            }
        } // close() waits for every stop
    }

    private static String ids(List<String> ids) {
        if (ids.size() <= IDS_IN_LOG) {
            return ids.toString();
        }
        return ids.subList(0, IDS_IN_LOG).toString().replace("]", ", ... +" + (ids.size() - IDS_IN_LOG) + " more]");
    }

    /** A camera and its health, in the order the cameras were started. */
    public record Entry(Camera camera, CameraHealth health) {
    }

    public synchronized List<Entry> snapshot() {
        List<Entry> out = new ArrayList<>(running.size());
        for (Running r : running.values()) {
            out.add(new Entry(r.camera().get(), r.source().health()));
        }
        return out;
    }

    public synchronized Optional<Entry> get(String cameraId) {
        Running r = running.get(cameraId);
        return r == null ? Optional.empty() : Optional.of(new Entry(r.camera().get(), r.source().health()));
    }

    /** The source running for a camera, if any (tests check a camera's source survives a reload). */
    synchronized Optional<CameraSource> source(String cameraId) {
        Running r = running.get(cameraId);
        return r == null ? Optional.empty() : Optional.of(r.source());
    }

    @Override
    public void close() {
        synchronized (changes) {
            closed = true;
            List<CameraSource> toStop;
            synchronized (this) {
                toStop = new ArrayList<>(running.values().stream().map(Running::source).toList());
                running.clear();
            }
            // Stop in parallel: each may wait for a blocked read to time out.
            stopAll(toStop);
        }
    }
}
