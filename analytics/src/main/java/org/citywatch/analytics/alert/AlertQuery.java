package org.citywatch.analytics.alert;

import java.time.Instant;
import java.util.Optional;

/**
 * Which alerts to list, newest first. Every filter is optional; {@code beforeId} pages: the next page asks for the
 * alerts raised before the last id of this one (ids sort by raising time).
 *
 * @param from        raised at or after
 * @param to          raised before
 * @param minSeverity at least this severe (P1 is the most severe)
 * @param limit       at most this many (1..1000)
 */
public record AlertQuery(Optional<Instant> from, Optional<Instant> to, Optional<String> cameraId,
                         Optional<String> district, Optional<AlertType> type, Optional<Severity> minSeverity,
                         Optional<AlertState> state, Optional<String> beforeId, int limit) {

    public static final int MAX_LIMIT = 1000;

    public AlertQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
        }
    }

    /** The newest {@code limit} alerts, no filter. */
    public static AlertQuery recent(int limit) {
        return new AlertQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), limit);
    }

    public AlertQuery withCamera(String id) {
        return new AlertQuery(from, to, Optional.of(id), district, type, minSeverity, state, beforeId, limit);
    }

    public AlertQuery withType(AlertType t) {
        return new AlertQuery(from, to, cameraId, district, Optional.of(t), minSeverity, state, beforeId, limit);
    }

    public AlertQuery withState(AlertState s) {
        return new AlertQuery(from, to, cameraId, district, type, minSeverity, Optional.of(s), beforeId, limit);
    }

    public AlertQuery withMinSeverity(Severity s) {
        return new AlertQuery(from, to, cameraId, district, type, Optional.of(s), state, beforeId, limit);
    }

    public AlertQuery withDistrict(String d) {
        return new AlertQuery(from, to, cameraId, Optional.of(d), type, minSeverity, state, beforeId, limit);
    }

    public AlertQuery between(Instant fromInclusive, Instant toExclusive) {
        return new AlertQuery(Optional.ofNullable(fromInclusive), Optional.ofNullable(toExclusive), cameraId, district,
                type, minSeverity, state, beforeId, limit);
    }

    public AlertQuery before(String id) {
        return new AlertQuery(from, to, cameraId, district, type, minSeverity, state, Optional.ofNullable(id), limit);
    }

    /** Whether {@code a} passes every filter (not the limit). */
    public boolean matches(Alert a) {
        return from.map(f -> !a.raisedAt().isBefore(f)).orElse(true)
                && to.map(t -> a.raisedAt().isBefore(t)).orElse(true)
                && cameraId.map(a.cameraId()::equals).orElse(true)
                && district.map(a.district()::equals).orElse(true)
                && type.map(t -> a.type() == t).orElse(true)
                && minSeverity.map(s -> a.severity().compareTo(s) <= 0).orElse(true)
                && state.map(s -> a.state() == s).orElse(true)
                && beforeId.map(b -> a.id().compareTo(b) < 0).orElse(true);
    }
}
