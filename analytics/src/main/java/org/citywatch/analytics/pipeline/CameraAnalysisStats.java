package org.citywatch.analytics.pipeline;

import java.time.Instant;
import java.util.Optional;

/**
 * Per camera analysis figures.
 *
 * @param analysedFrames  frames run through the detector
 * @param droppedFrames   frames replaced by a newer one before a worker got to them
 * @param lastAnalysedAt  when the last frame was analysed
 * @param lastObjectCount objects found in that frame
 */
public record CameraAnalysisStats(long analysedFrames, long droppedFrames, Optional<Instant> lastAnalysedAt,
                                  int lastObjectCount) {
}
