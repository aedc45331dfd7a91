package org.citywatch.ingest.source;

import org.citywatch.ingest.camera.Camera;

/** Receives a camera's frames: analytics is the usual one. */
@FunctionalInterface
public interface FrameSink {

    /**
     * Called on the camera's reader thread for each decoded frame. It must return quickly (copy what it
     * needs and hand it off to a bounded queue); the frame is only valid during the call.
     */
    void onFrame(Camera camera, DecodedFrame frame);
}
