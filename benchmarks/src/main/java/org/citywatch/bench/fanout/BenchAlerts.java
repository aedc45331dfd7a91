package org.citywatch.bench.fanout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertIds;
import org.citywatch.analytics.alert.AlertObject;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;

/**
 * The bench's alert events, shaped like the incident trackers': 100 cameras in 8 districts, each with an alert of
 * 50 versions (RAISED, then UPDATED with new figures), 5 objects, about 1.1 KB of JSON once serialised. Each event's
 * message carries {@code bench PHASE NANOS SEQ}: the phase (W warm-up, M measured), when it was due to be published
 * ({@link System#nanoTime()}, CLOCK_MONOTONIC on Linux: comparable across processes), and its number.
 */
final class BenchAlerts {

    static final String MARKER = "\"message\":\"bench ";
    private static final int CAMERAS = 100;
    private static final int VERSIONS = 50;
    private static final AlertType[] TYPES = AlertType.values();
    private static final Severity[] SEVERITIES = Severity.values();

    private final Alert[] latest = new Alert[CAMERAS];
    private long n;

    AlertEvent next(char phase, long dueNanos) {
        int c = (int) (n % CAMERAS);
        long k = n / CAMERAS;
        String message = "bench " + phase + " " + dueNanos + " " + n + " crowd of " + (5 + k % 7) + " in the plaza";
        Instant now = Instant.now();
        n++;
        if (k % VERSIONS == 0 || latest[c] == null) {
            latest[c] = Alert.raised(AlertIds.next(now.toEpochMilli()), "cam-" + c, "Camera " + c,
                    "District " + (1 + c % 8), TYPES[c % TYPES.length], SEVERITIES[c % SEVERITIES.length], "plaza",
                    message, now.minusSeconds(3), now, objects(5), Map.of("persons", 5), 1280, 720);
            return AlertEvent.of(AlertEvent.Kind.RAISED, latest[c], now);
        }
        latest[c] = latest[c].updated(now, message, objects(5 + (int) (k % 3)), Map.of("persons", 5 + k % 7));
        return AlertEvent.of(AlertEvent.Kind.UPDATED, latest[c], now);
    }

    private static List<AlertObject> objects(int count) {
        List<AlertObject> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new AlertObject(100 + i, "person", 0.8f, 10f * i, 20f, 10f * i + 40f, 120f));
        }
        return out;
    }
}
