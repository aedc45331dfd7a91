package org.citywatch.ingest.source;

import org.citywatch.ingest.camera.Camera;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a blocking {@link StreamReader} (FFmpeg) as a {@link StreamSession} on a platform thread of its
 * own: FFmpeg blocks in native code, so it cannot share an event loop. Frames go to the sink on that
 * thread; a failing sink is logged once and never ends the session.
 */
final class ThreadedSession implements StreamSession {

    private static final Logger log = LoggerFactory.getLogger(ThreadedSession.class);

    private final Camera camera;
    private final StreamReader reader;
    private final FrameSink sink;
    private volatile boolean running = true;
    private volatile Thread thread;
    private static final java.util.Set<String> SINK_FAILURES_LOGGED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    ThreadedSession(Camera camera, StreamReader reader, FrameSink sink) {
        this.camera = camera;
        this.reader = reader;
        this.sink = sink;
    }

    @Override
    public void start(Events events) {
        thread = Thread.ofPlatform().daemon().name("camera-" + camera.id()).start(() -> events.ended(read(events)));
    }

    private SessionEnd read(Events events) {
        try (reader) {
            reader.open();
            while (running) {
                DecodedFrame frame = reader.next();
                if (frame == null) {
                    return new SessionEnd.Ended("end of stream");
                }
                events.media(frame.receivedNanos(), 0, frame.frame().keyFrame);
                deliver(frame);
            }
            return new SessionEnd.Ended("stopped");
        } catch (InterruptedException e) {
            return new SessionEnd.Ended("stopped");
        } catch (Exception | LinkageError e) {
            // LinkageError: a missing native library must not kill the thread silently.
            return running ? new SessionEnd.Failed(FailureReasons.describe(e)) : new SessionEnd.Ended("stopped");
        }
    }

    private void deliver(DecodedFrame frame) {
        try {
            sink.onFrame(camera, frame);
        } catch (RuntimeException e) {
            if (SINK_FAILURES_LOGGED.add(camera.id())) {
                log.error("Camera {}: frame consumer failed; frames keep flowing", camera.id(), e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt(); // ends a pacing sleep at once; a blocked FFmpeg read ends at its I/O timeout
        }
    }
}
