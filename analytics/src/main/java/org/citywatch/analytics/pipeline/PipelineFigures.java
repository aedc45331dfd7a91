package org.citywatch.analytics.pipeline;

/**
 * Node-wide analysis figures, counted since start (for rates, take differences over time).
 *
 * @param analysedFrames  frames analysed (detected, or found still by the motion gate)
 * @param detectedFrames  frames run through the detector
 * @param skippedNoMotion frames the motion gate spared the detector
 * @param droppedFrames   frames never analysed: replaced by a newer one, or too old when a worker was free
 * @param failedFrames    frames whose analysis failed
 * @param capacityFps     frames per second the workers can analyse, as measured; NaN before the first
 * @param latencyP50Ms    median time from a frame's arrival to its detections, over the last 4,096 frames
 * @param latencyP99Ms    99th percentile of the same
 * @param latencySamples  detected frames whose latency was recorded
 */
public record PipelineFigures(long analysedFrames, long detectedFrames, long skippedNoMotion, long droppedFrames,
                              long failedFrames, double capacityFps, double latencyP50Ms, double latencyP99Ms,
                              long latencySamples) {
}
