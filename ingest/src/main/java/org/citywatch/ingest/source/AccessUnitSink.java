package org.citywatch.ingest.source;

import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.rtp.AccessUnit;

/** Receives a camera's coded pictures (from the RTSP client), before any decoding. */
@FunctionalInterface
public interface AccessUnitSink {

    /** Called on a network event-loop thread: it must return at once (hand off to a bounded queue). */
    void onAccessUnit(Camera camera, AccessUnit unit);
}
