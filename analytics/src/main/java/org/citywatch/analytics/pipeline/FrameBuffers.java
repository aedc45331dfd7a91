package org.citywatch.analytics.pipeline;

import java.util.concurrent.ArrayBlockingQueue;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A camera's three reusable frame buffers: one being filled by the camera's reader, one waiting for a worker,
 * one being analysed. A buffer keeps its native memory between frames (OpenCV reallocates only when the
 * frame size changes), so analysis allocates no image per frame. Thread-safe.
 */
final class FrameBuffers implements AutoCloseable {

    static final int COUNT = 3;

    private final ArrayBlockingQueue<Mat> free = new ArrayBlockingQueue<>(COUNT);
    private final Mat[] all = new Mat[COUNT];
    private volatile boolean closed;

    FrameBuffers() {
        for (int i = 0; i < COUNT; i++) {
            all[i] = new Mat();
            free.add(all[i]);
        }
    }

    /** A free buffer, or null when all are in use (the caller drops the frame) or the camera is gone. */
    Mat acquire() {
        return closed ? null : free.poll();
    }

    void release(Mat buffer) {
        free.offer(buffer);
    }

    /** Frees the native memory; called when no reader or worker uses the camera any more. */
    @Override
    public void close() {
        closed = true;
        for (Mat m : all) {
            m.close();
        }
    }
}
