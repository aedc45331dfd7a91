package org.citywatch.ingest.source;

import org.citywatch.ingest.camera.Camera;

/**
 * A camera as the rest of the system sees it: started once, it keeps its stream open on its own
 * (reconnecting with backoff), hands frames to its sink, and reports its health.
 */
public interface CameraSource {

    Camera camera();

    /** Starts streaming in the background; returns at once. */
    void start();

    /** Stops streaming and waits briefly for the reader to finish. Idempotent. */
    void stop();

    CameraHealth health();
}
