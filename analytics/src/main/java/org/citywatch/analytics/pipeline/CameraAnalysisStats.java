package org.citywatch.analytics.pipeline;

import java.time.Instant;
import java.util.Optional;

/**
 * Per camera analysis figures.
 *
 * @param analysedFrames  frames analysed: run through the detector, or found still by the motion gate
 * @param detectedFrames  of those, frames run through the detector
 * @param skippedNoMotion of those, frames the motion gate spared the detector (no motion, nothing tracked)
 * @param droppedFrames   frames never analysed: replaced by a newer one before a worker got to them, or older
 *                        than one analysis interval by the time a worker was free
 * @param failedFrames    frames whose analysis failed (each distinct error is logged once per camera)
 * @param lastAnalysedAt  when the last frame was analysed
 * @param lastObjectCount objects found in the last detected frame
 * @param tracksCreated   tracks the camera's tracker started since analytics began watching it
 */
public record CameraAnalysisStats(long analysedFrames, long detectedFrames, long skippedNoMotion, long droppedFrames,
                                  long failedFrames, Optional<Instant> lastAnalysedAt, int lastObjectCount,
                                  long tracksCreated) {
}
