package org.citywatch.analytics.track;

/**
 * The tracker's thresholds; {@link #defaults()} are ByteTrack's, with time instead of frame counts.
 *
 * <p>Costs are {@code 1 - IoU} between a track's predicted box and a detection's box; a pair is matched only if
 * its cost is below the stage's maximum (so 0.8 means "IoU above 0.2").
 *
 * @param highScore          detections at or above this score are sure enough for the first association stage
 * @param lowScore           detections below this are ignored; those in {@code [lowScore, highScore)} only keep
 *                           already-tracked objects alive (second stage), never start or revive a track (the
 *                           yolox_nano descriptor drops detections under 0.30 already, so with it the second
 *                           stage sees scores from 0.30 to 0.50)
 * @param newTrackScore      a left-over high detection starts a track only at or above this score
 * @param firstMatchMaxCost  first stage: confirmed and lost tracks against high detections
 * @param secondMatchMaxCost second stage: tracks still unmatched (and matched in the previous frame) against low
 *                           detections; stricter, because a low score is weaker evidence
 * @param tentativeMatchMaxCost tentative tracks against the high detections left after the first stage
 * @param minHitsToConfirm   birth: a track is confirmed once it has this many matched detections in consecutive
 *                           frames (1: at once); a tentative track that misses a frame is dropped
 * @param maxLostSeconds     death: a track unseen for longer than this ends (time, because the frame rate varies)
 * @param classAware         a track only takes detections of its own class group (persons, vehicles, or one label)
 * @param groupNmsIou        when class-aware: of two detections of one group overlapping by more than this IoU
 *                           (a van seen both as car and as truck), only the higher-scored one is kept, so one
 *                           object does not start two tracks; 1 turns this off
 * @param bufferPerSecond    in the first and third stages, a track's predicted box and the detections are
 *                           compared "buffered" (C-BIoU, Yang et al. 2023): each side pushed out by this, times the
 *                           seconds since the track was last seen, times the box's own width or height; so an
 *                           object that moved half its width between two frames at 5 fps, or a track with no
 *                           velocity yet, can still be followed; 0 turns this off (plain IoU, as ByteTrack)
 * @param maxBuffer          the widening never exceeds this fraction of the box's size per side
 * @param maxTracks          at most this many live tracks per tracker: beyond, the lowest-scored new detections
 *                           start none, so a storm of false detections cannot grow memory
 */
public record TrackerSettings(double highScore, double lowScore, double newTrackScore, double firstMatchMaxCost,
                              double secondMatchMaxCost, double tentativeMatchMaxCost, int minHitsToConfirm,
                              double maxLostSeconds, boolean classAware, double groupNmsIou, double bufferPerSecond,
                              double maxBuffer, int maxTracks) {

    public TrackerSettings {
        if (!(lowScore >= 0 && lowScore <= highScore && highScore <= 1)) {
            throw new IllegalArgumentException("need 0 <= lowScore <= highScore <= 1: " + lowScore + ", "
                    + highScore);
        }
        if (!(newTrackScore >= 0 && newTrackScore <= 1)) {
            throw new IllegalArgumentException("newTrackScore must be in [0,1]: " + newTrackScore);
        }
        checkCost("firstMatchMaxCost", firstMatchMaxCost);
        checkCost("secondMatchMaxCost", secondMatchMaxCost);
        checkCost("tentativeMatchMaxCost", tentativeMatchMaxCost);
        if (minHitsToConfirm < 1) {
            throw new IllegalArgumentException("minHitsToConfirm must be >= 1: " + minHitsToConfirm);
        }
        if (!(maxLostSeconds >= 0 && maxLostSeconds <= 3600)) {
            throw new IllegalArgumentException("maxLostSeconds must be in [0, 3600]: " + maxLostSeconds);
        }
        if (!(groupNmsIou > 0 && groupNmsIou <= 1)) {
            throw new IllegalArgumentException("groupNmsIou must be in (0,1]: " + groupNmsIou);
        }
        if (!(bufferPerSecond >= 0 && bufferPerSecond <= 100) || !(maxBuffer >= 0 && maxBuffer <= 10)) {
            throw new IllegalArgumentException("need 0 <= bufferPerSecond <= 100 and 0 <= maxBuffer <= 10: "
                    + bufferPerSecond + ", " + maxBuffer);
        }
        if (maxTracks < 1) {
            throw new IllegalArgumentException("maxTracks must be >= 1: " + maxTracks);
        }
    }

    /**
     * ByteTrack's thresholds (track_thresh 0.5, det_thresh 0.6, match_thresh 0.8, 0.5, 0.7), 2 s to live lost, a
     * buffer of 0.3 per side after one frame at 5 fps (C-BIoU's first buffer), at most 0.5 (its second).
     */
    public static TrackerSettings defaults() {
        return new TrackerSettings(0.5, 0.1, 0.6, 0.8, 0.5, 0.7, 2, 2.0, true, 0.7, 1.5, 0.5, 512);
    }

    public TrackerSettings withClassAware(boolean aware) {
        return new TrackerSettings(highScore, lowScore, newTrackScore, firstMatchMaxCost, secondMatchMaxCost,
                tentativeMatchMaxCost, minHitsToConfirm, maxLostSeconds, aware, groupNmsIou, bufferPerSecond,
                maxBuffer, maxTracks);
    }

    public TrackerSettings withMaxTracks(int max) {
        return new TrackerSettings(highScore, lowScore, newTrackScore, firstMatchMaxCost, secondMatchMaxCost,
                tentativeMatchMaxCost, minHitsToConfirm, maxLostSeconds, classAware, groupNmsIou, bufferPerSecond,
                maxBuffer, max);
    }

    public TrackerSettings withMaxLostSeconds(double seconds) {
        return new TrackerSettings(highScore, lowScore, newTrackScore, firstMatchMaxCost, secondMatchMaxCost,
                tentativeMatchMaxCost, minHitsToConfirm, seconds, classAware, groupNmsIou,
                bufferPerSecond, maxBuffer, maxTracks);
    }

    public TrackerSettings withBuffer(double perSecond, double max) {
        return new TrackerSettings(highScore, lowScore, newTrackScore, firstMatchMaxCost, secondMatchMaxCost,
                tentativeMatchMaxCost, minHitsToConfirm, maxLostSeconds, classAware, groupNmsIou, perSecond, max,
                maxTracks);
    }

    long maxLostNanos() {
        return (long) (maxLostSeconds * 1e9);
    }

    private static void checkCost(String name, double cost) {
        if (!(cost > 0 && cost <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0,1]: " + cost);
        }
    }
}
