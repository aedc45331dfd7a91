package org.citywatch.analytics.alert;

/** One object involved in an alert: its class, score and box in frame pixels. */
public record AlertObject(String label, float score, float x1, float y1, float x2, float y2) {
}
