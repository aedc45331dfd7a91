package org.citywatch.analytics.incident;

import java.time.Duration;
import org.citywatch.analytics.alert.Severity;

/**
 * How findings become alerts.
 *
 * @param cooldown        after an alert ended, the same camera, type and zone re-opens that alert instead of raising a
 *                        new one for this long (so a condition at the edge of its threshold does not flap); an alert an
 *                        operator marked FALSE_ALARM stays quiet for this long instead
 * @param updateInterval  an open alert's new figures are published at most this often (its end at once)
 * @param heartbeat       an open alert whose figures do not change is still touched this often (its "last seen")
 * @param offlineGrace    a camera must be offline this long before CAMERA_OFFLINE is raised
 * @param offlineSeverity the severity of CAMERA_OFFLINE
 */
public record IncidentSettings(Duration cooldown, Duration updateInterval, Duration heartbeat, Duration offlineGrace,
                               Severity offlineSeverity) {

    public IncidentSettings {
        for (Duration d : new Duration[] {cooldown, updateInterval, heartbeat, offlineGrace}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("incident durations must be given and not negative");
            }
        }
        if (offlineSeverity == null) {
            throw new IllegalArgumentException("offlineSeverity must be given");
        }
    }

    /** 60 s cool-down, updates at most every 2 s, a heartbeat every 30 s, offline after 60 s as P2. */
    public static IncidentSettings defaults() {
        return new IncidentSettings(Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofSeconds(60), Severity.P2);
    }
}
