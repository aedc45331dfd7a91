package org.citywatch.api.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citywatch.analytics.pipeline.AnalyticsPipeline;
import org.citywatch.api.server.CameraAdmin;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.source.CameraFleet;
import org.citywatch.ingest.source.CameraSources;

/**
 * The one way the running camera list changes after start: a reloaded camera file, or an admin's camera through the
 * API. Either way analytics learns the new list first, then the fleet applies it (only what changed starts, stops,
 * restarts or is updated), then a stopped camera's state is forgotten. Serialised, so an API change and a file
 * reload never interleave.
 */
final class FleetChanges implements CameraAdmin {

    private final CameraFleet fleet;
    private final AnalyticsPipeline analytics;
    private final CameraSources sources;

    FleetChanges(CameraFleet fleet, AnalyticsPipeline analytics, CameraSources sources) {
        this.fleet = fleet;
        this.analytics = analytics;
        this.sources = sources;
    }

    synchronized CameraFleet.Change apply(List<Camera> cameras) {
        analytics.setCameras(cameras);
        CameraFleet.Change change = fleet.apply(cameras);
        change.stopped().forEach(id -> {
            analytics.forget(id);
            sources.forget(id);
        });
        return change;
    }

    @Override
    public synchronized CameraFleet.Change put(Camera camera) {
        List<Camera> next = new ArrayList<>();
        boolean replaced = false;
        for (CameraFleet.Entry e : fleet.snapshot()) {
            if (e.camera().id().equals(camera.id())) {
                next.add(camera);
                replaced = true;
            } else {
                next.add(e.camera());
            }
        }
        if (!replaced) {
            next.add(camera);
        }
        return apply(next);
    }

    @Override
    public synchronized Optional<CameraFleet.Change> remove(String id) {
        if (fleet.get(id).isEmpty()) {
            return Optional.empty();
        }
        List<Camera> next = fleet.snapshot().stream().map(CameraFleet.Entry::camera)
                .filter(c -> !c.id().equals(id)).toList();
        return Optional.of(apply(next));
    }
}
