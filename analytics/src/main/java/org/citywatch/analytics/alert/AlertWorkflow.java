package org.citywatch.analytics.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.NoSuchElementException;

/**
 * The operators' side of an alert: acknowledge, dispatch a unit, resolve, mark a false alarm. Every step is
 * checked against the workflow ({@link AlertState#next()}) and recorded in the alert's audit trail with who, when
 * and why.
 */
public final class AlertWorkflow {

    private final AlertStore store;
    private final Clock clock;

    public AlertWorkflow(AlertStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public AlertWorkflow(AlertStore store) {
        this(store, Clock.systemUTC());
    }

    /**
     * Moves the alert to {@code to}.
     *
     * @param unit the unit dispatched; required (not blank) for DISPATCHED, ignored otherwise
     * @throws NoSuchElementException   when there is no such alert
     * @throws IllegalArgumentException when a required value is missing
     * @throws WorkflowConflict         when the step is not allowed from the alert's current state
     */
    public Alert act(String alertId, AlertState to, String who, String why, String unit, String note) {
        if (who == null || who.isBlank()) {
            throw new IllegalArgumentException("who acts must be known");
        }
        if (to == AlertState.DISPATCHED && (unit == null || unit.isBlank())) {
            throw new IllegalArgumentException("dispatching needs a unit");
        }
        if (to == AlertState.NEW) {
            throw new IllegalArgumentException("an alert cannot be made NEW again");
        }
        Alert current = store.get(alertId).orElseThrow(() -> new NoSuchElementException("no alert " + alertId));
        Instant at = clock.instant();
        String unitOrEmpty = to == AlertState.DISPATCHED ? unit.strip() : "";
        return AlertWriter.apply(store, current, AlertEvent.Kind.STATE_CHANGED, at,
                a -> a.transitioned(new AuditEntry(at, who, a.state(), to, why, unitOrEmpty, note)));
    }
}
