package org.citywatch.analytics.incident;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Records a short clip around "now" for a camera (a few seconds before, from ingest's pre-event buffer, and a few
 * after) into a file. Ingest's clip recorder does it for cameras with coded media; the app wires it in.
 */
public interface ClipMaker {

    /** Never makes a clip: for cameras without coded media, and for tests. */
    ClipMaker NONE = (cameraId, file) -> CompletableFuture.failedFuture(
            new UnsupportedOperationException("no clip recorder on this node"));

    /**
     * Starts recording; the future completes with {@code file} once written, or fails with the reason (the camera has
     * no coded media, too many recordings at once …). Must not block.
     */
    CompletableFuture<Path> record(String cameraId, Path file);
}
