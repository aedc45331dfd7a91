package org.citywatch.analytics.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Alerts for store tests. */
public final class AlertFixtures {

    private AlertFixtures() {
    }

    /** A new CROWD alert on {@code cameraId}, raised at {@code epochMillis}. */
    public static Alert alert(String cameraId, long epochMillis) {
        Instant at = Instant.ofEpochMilli(epochMillis);
        return Alert.raised(AlertIds.next(epochMillis), cameraId, "Camera " + cameraId, "district-1", AlertType.CROWD,
                Severity.P3, "plaza", "5 persons in plaza for 3 s", at.minusSeconds(3), at,
                List.of(new AlertObject(7, "person", 0.9f, 1, 2, 30, 80)), Map.of("persons", 5), 416, 234);
    }
}
