package org.citywatch.api.integrations;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertIds;
import org.citywatch.analytics.alert.AlertObject;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;

/** Alerts and events for the integration tests. */
final class TestAlerts {

    private TestAlerts() {
    }

    static Alert raised(String cameraId, AlertType type, Severity severity) {
        Instant at = Instant.now();
        return Alert.raised(AlertIds.next(at.toEpochMilli()), cameraId, "Camera " + cameraId, "District 1", type,
                severity, "plaza", "6 persons in plaza for 12 s", at.minusSeconds(12), at,
                List.of(new AlertObject(7, "person", 0.91f, 10, 20, 60, 180)), Map.of("persons", 6), 640, 360);
    }

    static AlertEvent raisedEvent(String cameraId, AlertType type, Severity severity) {
        Alert a = raised(cameraId, type, severity);
        return AlertEvent.of(AlertEvent.Kind.RAISED, a, a.raisedAt());
    }

    static AlertEvent ended(AlertEvent previous) {
        Instant at = Instant.now();
        return AlertEvent.of(AlertEvent.Kind.ENDED, previous.alert().ended(at), at);
    }
}
