package org.citywatch.analytics.alert;

/**
 * One object involved in an alert: its track, class, score and box in frame pixels (of the alert's
 * {@code frameWidth} x {@code frameHeight}).
 *
 * @param trackId the tracker's id, 0 when the object is not tracked
 */
public record AlertObject(long trackId, String label, float score, float x1, float y1, float x2, float y2) {
}
