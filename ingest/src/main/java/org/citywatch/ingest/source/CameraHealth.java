package org.citywatch.ingest.source;

import java.time.Instant;
import java.util.Optional;

/**
 * A camera's state at one moment.
 *
 * @param status         where the stream stands
 * @param reason         why it is not streaming (redacted: never holds credentials), empty when streaming
 * @param since          when the status last changed
 * @param framesReceived frames decoded since the process started
 * @param fps            frames per second over the last few seconds
 * @param reconnects     times the stream was opened again after a failure
 * @param lastFrameAt    when the last frame arrived, if any did
 * @param bitrateKbps    coded bitrate over the last few seconds (0 where the source gives decoded pictures)
 * @param packetsLost    RTP packets lost (sequence gaps) since the process started
 * @param keyframeInterval the time between the last two keyframes, if two were seen
 * @param lastKeyframeAt when the last keyframe arrived
 */
public record CameraHealth(CameraStatus status, Optional<String> reason, Instant since, long framesReceived,
                           double fps, long reconnects, Optional<Instant> lastFrameAt, double bitrateKbps,
                           long packetsLost, Optional<java.time.Duration> keyframeInterval,
                           Optional<Instant> lastKeyframeAt) {
}
