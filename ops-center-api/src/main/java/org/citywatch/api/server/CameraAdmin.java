package org.citywatch.api.server;

import java.util.Optional;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.source.CameraFleet;

/**
 * Changes to the running fleet that admins make through the API, applied the way a reloaded camera list is (only
 * the changed camera starts, restarts or is updated in place). Implementations may block while a camera stops:
 * never call them on an event loop.
 */
public interface CameraAdmin {

    /** Adds the camera, or replaces the one with its id. */
    CameraFleet.Change put(Camera camera);

    /** Removes a camera; empty when there is no camera with that id. */
    Optional<CameraFleet.Change> remove(String id);
}
