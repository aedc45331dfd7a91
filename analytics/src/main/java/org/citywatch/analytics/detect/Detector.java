package org.citywatch.analytics.detect;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Finds objects in a video frame.
 *
 * <p><b>Not thread-safe</b> unless an implementation says otherwise: an instance reuses its input buffers and
 * its inference session between calls, so use one instance per thread (for instance, one per camera worker).
 * Instances hold native memory: close them.
 */
public interface Detector extends AutoCloseable {

    /**
     * The objects in a frame, boxes in the frame's own pixels, by descending score.
     *
     * @param bgrFrame an 8-bit, 3-channel BGR image (CV_8UC3), as OpenCV and FFmpeg decoders give; the caller
     *                 keeps ownership and may reuse it as soon as this returns
     * @throws IllegalArgumentException if the frame is empty or not CV_8UC3; the detector stays usable
     * @throws IllegalStateException    if inference of this frame fails (the model returned an unexpected output,
     *                                  or the runtime failed): only this frame is lost, the detector stays usable
     */
    List<Detection> detect(Mat bgrFrame);

    /**
     * The largest batch {@link #detectBatch} runs as one inference: 1 for a model with a fixed batch dimension
     * (the shipped YOLOX-Nano), more for a model with a dynamic one (the GPU case).
     */
    default int maxBatch() {
        return 1;
    }

    /**
     * Finds objects in frames from different cameras, one result per frame in order. A frame that fails
     * (bad pixels, an unexpected model output) fails alone, as {@link FrameDetections.Failed}; the others are
     * still analysed. This default runs the frames one after the other; a detector whose model takes batches
     * runs them as one inference.
     */
    default List<FrameDetections> detectBatch(List<Mat> bgrFrames) {
        List<FrameDetections> out = new ArrayList<>(bgrFrames.size());
        for (Mat frame : bgrFrames) {
            try {
                out.add(new FrameDetections.Found(detect(frame)));
            } catch (RuntimeException e) {
                out.add(new FrameDetections.Failed(e));
            }
        }
        return out;
    }

    /** Frees the model and its native buffers; further calls to {@link #detect} fail. */
    @Override
    void close();
}
