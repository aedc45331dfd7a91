package org.citywatch.analytics.pipeline;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.bytedeco.javacv.Frame;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.source.DecodedFrame;
import org.citywatch.ingest.source.FrameSink;

/**
 * Plays frames to a {@link FrameSink} in real time as ingest's readers do: one thread per camera, a fixed rate,
 * {@code receivedNanos} taken at hand-over, the frames looped. The frames are shared read-only by the cameras.
 * Anything a call to {@code onFrame} throws is kept (ingest would log it and carry on) for the test to assert on.
 */
final class FrameFeeder implements AutoCloseable {

    private final FrameSink sink;
    private final List<Frame> frames;
    private final long intervalNanos;
    private final Map<String, Thread> threads = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> fed = new ConcurrentHashMap<>();
    private final Map<String, Boolean> stopped = new ConcurrentHashMap<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();

    FrameFeeder(FrameSink sink, List<Frame> frames, double fps) {
        this.sink = sink;
        this.frames = List.copyOf(frames);
        this.intervalNanos = Math.round(1e9 / fps);
    }

    /** Starts feeding the camera (again, if it was stopped). */
    FrameFeeder start(Camera camera) {
        stopped.put(camera.id(), false);
        AtomicLong count = fed.computeIfAbsent(camera.id(), id -> new AtomicLong());
        threads.put(camera.id(), Thread.ofPlatform().daemon().name("feed-" + camera.id()).start(() -> {
            long next = System.nanoTime();
            int i = 0;
            while (!stopped.getOrDefault(camera.id(), true)) {
                Frame f = frames.get(i % frames.size());
                try {
                    sink.onFrame(camera, new DecodedFrame(f, i * intervalNanos / 1000, System.nanoTime()));
                } catch (Throwable t) {
                    errors.add(t);
                }
                count.incrementAndGet();
                i++;
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else if (wait < -10 * intervalNanos) {
                    next = System.nanoTime(); // a busy machine: do not burst to catch up, as a live camera cannot
                }
            }
        }));
        return this;
    }

    FrameFeeder start(Camera... cameras) {
        for (Camera c : cameras) {
            start(c);
        }
        return this;
    }

    /** Stops feeding the camera and waits until its last frame has been handed over. */
    void stop(String cameraId) throws InterruptedException {
        stopped.put(cameraId, true);
        Thread t = threads.remove(cameraId);
        if (t != null) {
            t.join(5_000);
        }
    }

    long fed(String cameraId) {
        AtomicLong n = fed.get(cameraId);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() throws InterruptedException {
        for (String id : List.copyOf(threads.keySet())) {
            stop(id);
        }
    }
}
