package org.citywatch.ingest.clip;

/**
 * Why a clip was not made. The message is written for an operator's log and names the camera; {@link #reason()}
 * is for code that reacts to the kind of failure.
 */
public final class ClipException extends RuntimeException {

    /** The kinds of failure, each with its own message. */
    public enum Reason {
        /** No such camera on this node: it never sent coded video here. */
        UNKNOWN_CAMERA,
        /** The camera's pre-event buffer is off ({@link ClipRecorder#keep}): the app keeps it for analysed cameras. */
        BUFFER_OFF,
        /** The buffer is on but no video arrived, or none lately. */
        NO_MEDIA,
        /** Video arrived but no keyframe yet: a clip must start at one. */
        NO_KEYFRAME,
        /** The camera's codec or source gives no access units that can be remuxed into MP4. */
        UNSUPPORTED_CODEC,
        /** Already as many recordings running as allowed. */
        TOO_MANY,
        /** Bad arguments: negative durations, or longer than a clip may be. */
        INVALID_REQUEST,
        /** FFmpeg or the file system failed while writing. */
        WRITE_FAILED,
        /** The recorder was closed. */
        CLOSED
    }

    private final Reason reason;

    public ClipException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ClipException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
