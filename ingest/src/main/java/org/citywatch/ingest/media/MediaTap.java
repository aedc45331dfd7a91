package org.citywatch.ingest.media;

import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.rtp.AccessUnit;

/**
 * Sees every access unit of every camera of a {@link MediaHub} as it arrives, on the thread that received it (an
 * RTSP event loop, a file reader's thread). For consumers that keep their own bounded state per camera (the clip
 * recorder's pre-event buffers), where a {@link BoundedHandoff} and a thread to drain it would only add a copy.
 */
public interface MediaTap {

    /** A unit arrived. Must return at once: no I/O, no waiting on anything slower than a short lock. */
    void onAccessUnit(Camera camera, AccessUnit unit);

    /**
     * The camera's source decodes by itself and gives no access units, for the reason given (its codec is neither
     * H.264 nor H.265, it is read from a network URL …): a tap that wanted them can say why it has none.
     */
    default void noAccessUnits(Camera camera, String reason) {
    }

    /** The camera was removed from the node ({@link MediaHub#remove}): forget what was kept for it. */
    default void cameraRemoved(String cameraId) {
    }
}
