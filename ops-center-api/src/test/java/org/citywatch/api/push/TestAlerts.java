package org.citywatch.api.push;

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

/** Alert events as the incident trackers publish them: a new alert each, with a few objects. */
final class TestAlerts {

    private TestAlerts() {
    }

    static AlertEvent raised(String camera, String district, AlertType type, Severity severity) {
        return raised(camera, district, type, severity, 3);
    }

    /** With {@code objects} objects (about 120 bytes of JSON each), to make events bigger. */
    static AlertEvent raised(String camera, String district, AlertType type, Severity severity, int objects) {
        Instant now = Instant.now();
        List<AlertObject> list = new ArrayList<>();
        for (int i = 0; i < objects; i++) {
            list.add(new AlertObject(i + 1, "person", 0.9f, 10f * i, 20f, 10f * i + 40f, 120f));
        }
        Alert a = Alert.raised(AlertIds.next(now.toEpochMilli()), camera, "Camera " + camera, district, type,
                severity, "zone-a", type + " on " + camera, now.minusSeconds(2), now, list,
                Map.of("persons", objects), 1280, 720);
        return AlertEvent.of(AlertEvent.Kind.RAISED, a, now);
    }
}
