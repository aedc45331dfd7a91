package org.citywatch.analytics.rules;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;

/**
 * A rule's report that its condition holds on this frame. A rule reports it on every frame while the
 * condition holds (after its own "for at least T seconds" and until its own hold time has run out); the
 * incident tracker turns the first report into an alert, the next ones into updates of that alert, and the
 * first frame without a report into its end. One camera, type and zone is one incident.
 *
 * @param type     what it is about
 * @param zoneId   the zone (or line) it is about; empty for the whole view (tamper, offline)
 * @param severity as configured for the rule
 * @param message  one line for the operator, e.g. "14 persons in plaza for 12 s"
 * @param trackIds the tracks involved (empty for tamper, offline)
 * @param counts   figures worth showing, e.g. {@code persons=14} or {@code vehicles=9, medianSpeedPxS=3}
 * @param sinceNanos when the condition began to hold, on the frame clock
 */
public record Finding(AlertType type, String zoneId, Severity severity, String message, List<Long> trackIds,
                      Map<String, Number> counts, long sinceNanos) {

    public Finding {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        zoneId = zoneId == null ? "" : zoneId;
        trackIds = List.copyOf(trackIds);
        counts = Map.copyOf(counts);
    }
}
