package org.citywatch.ingest.source;

/**
 * One attempt at one stream, of any kind: an FFmpeg reader on its own thread, or an event-driven
 * Netty RTSP session. Reconnecting, backoff, stall detection and health are done once for all kinds by
 * {@link SupervisedCameraSource} (as mediamtx does with one small interface per source).
 */
public interface StreamSession {

    /**
     * Begins the attempt and returns at once. The session calls {@link Events#media} for each frame or
     * access unit, and {@link Events#ended} exactly once, when the attempt is over for any reason.
     */
    void start(Events events);

    /** Ends the attempt (idempotent); {@link Events#ended} still follows, possibly from another thread. */
    void close();

    /** What a session tells its supervisor. Thread-safe; cheap enough to call per frame. */
    interface Events {
        /**
         * A picture arrived.
         *
         * @param bytes    its coded size (0 where the source only has decoded pictures)
         * @param keyframe whether it can be decoded on its own
         */
        void media(long receivedNanos, int bytes, boolean keyframe);

        /** RTP packets lost since the last call (sequence gaps); only packet-based sources report it. */
        default void packetsLost(long count) {
        }

        void ended(SessionEnd end);
    }
}
