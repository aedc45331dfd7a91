package org.citywatch.analytics.alert;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of one alert, as it travels on the alert bus: the kind of change and the whole alert after it
 * (so a consumer needs no earlier event to show it, and applying an event twice, or an old one late, is
 * harmless: the higher {@link Alert#version()} wins).
 *
 * @param eventId unique (ULID, sortable by creation time): the bus appends each event id at most once
 * @param kind    what changed
 * @param at      when
 * @param alert   the alert after the change
 */
public record AlertEvent(String eventId, Kind kind, Instant at, Alert alert) {

    public AlertEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(alert, "alert");
    }

    /** A new event with a fresh id. */
    public static AlertEvent of(Kind kind, Alert alert, Instant at) {
        return new AlertEvent(AlertIds.next(at.toEpochMilli()), kind, at, alert);
    }

    public String cameraId() {
        return alert.cameraId();
    }

    /** RAISED: a new alert; UPDATED: new figures while it holds (or holds again); ENDED: the condition stopped;
     * STATE_CHANGED: an operator's workflow step; EVIDENCE: its snapshot or clip was stored (or failed). */
    public enum Kind { RAISED, UPDATED, ENDED, STATE_CHANGED, EVIDENCE }
}
