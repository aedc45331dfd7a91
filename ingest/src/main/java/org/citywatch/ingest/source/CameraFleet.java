package org.citywatch.ingest.source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citywatch.ingest.camera.Camera;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** All cameras of this node: starts and stops their sources and reports their health. */
public final class CameraFleet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CameraFleet.class);

    private final CameraSources sources;
    private final FrameSink sink;
    private final Map<String, CameraSource> running = new LinkedHashMap<>();

    public CameraFleet(CameraSources sources, FrameSink sink) {
        this.sources = sources;
        this.sink = sink;
    }

    public synchronized void start(Collection<Camera> cameras) {
        for (Camera camera : cameras) {
            if (running.containsKey(camera.id())) {
                log.warn("Camera {} is already running; duplicate ignored", camera.id());
                continue;
            }
            CameraSource source = sources.create(camera, sink);
            running.put(camera.id(), source);
            source.start();
        }
        log.info("Started {} camera(s)", running.size());
    }

    /** A camera and its health, in the order the cameras were started. */
    public record Entry(Camera camera, CameraHealth health) {
    }

    public synchronized List<Entry> snapshot() {
        List<Entry> out = new ArrayList<>(running.size());
        for (CameraSource s : running.values()) {
            out.add(new Entry(s.camera(), s.health()));
        }
        return out;
    }

    public synchronized Optional<Entry> get(String cameraId) {
        CameraSource s = running.get(cameraId);
        return s == null ? Optional.empty() : Optional.of(new Entry(s.camera(), s.health()));
    }

    @Override
    public void close() {
        List<CameraSource> toStop;
        synchronized (this) {
            toStop = new ArrayList<>(running.values());
            running.clear();
        }
        // Stop in parallel: each may wait for a blocked read to time out.
        toStop.parallelStream().forEach(CameraSource::stop);
    }
}
