package org.citywatch.analytics.alert;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of an alert's workflow state: who, when, from what to what, and why.
 *
 * @param unit the unit dispatched (DISPATCHED only), else empty
 * @param note free text from the operator, possibly empty
 */
public record AuditEntry(Instant at, String who, AlertState from, AlertState to, String why, String unit,
                         String note) {

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        why = why == null ? "" : why;
        unit = unit == null ? "" : unit;
        note = note == null ? "" : note;
    }
}
