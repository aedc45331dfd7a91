package org.citywatch.ingest.source;

/** Where a camera's stream stands. */
public enum CameraStatus {
    /** Opening the stream (first time or after a failure). */
    CONNECTING,
    /** Frames are arriving. */
    STREAMING,
    /** The last attempt failed; a retry is scheduled with backoff. The health's reason says why. */
    OFFLINE,
    /** Stopped on purpose (removed from the list, or shutting down). */
    STOPPED
}
