package org.citywatch.analytics.counts;

import java.time.Instant;

/** Crossings of one series in one minute (starting at {@code minute}). */
public record MinuteCount(CountKey key, Instant minute, long count) {
}
