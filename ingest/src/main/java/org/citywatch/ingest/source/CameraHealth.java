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
 */
public record CameraHealth(CameraStatus status, Optional<String> reason, Instant since, long framesReceived,
                           double fps, long reconnects, Optional<Instant> lastFrameAt) {
}
