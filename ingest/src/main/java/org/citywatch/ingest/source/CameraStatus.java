package org.citywatch.ingest.source;

/** Where a camera's stream stands. Only {@link #STREAMING} is online; every other state has a reason. */
public enum CameraStatus {
    /** Opening the stream (first time or after a failure). */
    CONNECTING,
    /** Media is arriving. */
    STREAMING,
    /** Connected, but no media for a while; the session is dropped and retried if it lasts. */
    STALLED,
    /** The last attempt failed; the next one is scheduled with exponential backoff. */
    RETRYING,
    /** The camera refused our credentials; retried slowly, in case they are fixed on either side. */
    UNAUTHORIZED,
    /** The stream cannot be used (codec or transport we do not support); retried slowly. */
    UNSUPPORTED,
    /** Stopped on purpose (removed from the list, or shutting down). */
    STOPPED;

    public boolean online() {
        return this == STREAMING;
    }
}
