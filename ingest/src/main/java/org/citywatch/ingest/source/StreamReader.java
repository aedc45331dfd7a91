package org.citywatch.ingest.source;

/**
 * One attempt at reading one stream: open, read frames until the end or an error, close. Each kind of
 * source (FFmpeg for files and URLs; later a Netty RTSP client) implements only this; reconnecting,
 * backoff and health are done once for all of them by {@link SupervisedCameraSource}.
 */
public interface StreamReader extends AutoCloseable {

    /** Opens the stream. Throws with a readable message when it cannot. */
    void open() throws Exception;

    /** The next frame, blocking until it is due; null at the end of a stream that does not loop. */
    DecodedFrame next() throws Exception;

    /** Releases everything; safe to call after a failed open. */
    @Override
    void close();
}
