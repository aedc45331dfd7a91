package org.citywatch.api.app;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertIds;
import org.citywatch.analytics.alert.AlertObject;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;

/** Alert events as the incident trackers publish them, for tests that publish into a running app's store. */
final class TestAlerts {

    private TestAlerts() {
    }

    /**
     * A new alert raised at {@code raisedAt}. Ids sort by the time they are made, so tests that page or filter by
     * time make their alerts oldest first.
     */
    static AlertEvent raised(String camera, String district, AlertType type, Severity severity, Instant raisedAt) {
        Alert a = Alert.raised(AlertIds.next(raisedAt.toEpochMilli()), camera, "Camera " + camera, district, type,
                severity, "zone-a", type + " on " + camera, raisedAt.minusSeconds(2), raisedAt,
                List.of(new AlertObject(1, "person", 0.9f, 10f, 20f, 50f, 120f)), Map.of("persons", 1), 1280, 720);
        return AlertEvent.of(AlertEvent.Kind.RAISED, a, raisedAt);
    }

    static AlertEvent raised(String camera, String district, AlertType type, Severity severity) {
        return raised(camera, district, type, severity, Instant.now());
    }

    /** The next version of the event's alert, ended now. */
    static AlertEvent ended(AlertEvent previous) {
        Instant now = Instant.now();
        return AlertEvent.of(AlertEvent.Kind.ENDED, previous.alert().ended(now), now);
    }
}
