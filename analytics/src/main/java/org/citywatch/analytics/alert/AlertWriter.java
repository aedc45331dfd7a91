package org.citywatch.analytics.alert;

import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Applies one change to an alert and publishes it, redoing the change on the stored version when another writer
 * (an operator on another node, say) got there first. Analytics changes the figures and the end of an alert,
 * operators its workflow state: each change is a function of the current alert, so neither loses the other's.
 */
public final class AlertWriter {

    private static final int ATTEMPTS = 5;

    private AlertWriter() {
    }

    /**
     * @param known the writer's latest copy of the alert
     * @return the alert as published (or journalled)
     * @throws WorkflowConflict when the change cannot be applied to the stored alert (a workflow step that is no
     *                               longer allowed), or the alert keeps changing under the writer
     */
    public static Alert apply(AlertStore store, Alert known, AlertEvent.Kind kind, Instant at,
                              UnaryOperator<Alert> change) {
        Alert base = known;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Alert next = change.apply(base);
            PublishResult r = store.publish(new AlertEvent(
                    AlertIds.next(at.toEpochMilli()), kind, at, next));
            if (r != PublishResult.STALE) {
                return next;
            }
            Optional<Alert> stored = store.get(known.id());
            if (stored.isEmpty()) {
                throw new WorkflowConflict("alert " + known.id() + " is no longer stored");
            }
            base = stored.get();
        }
        throw new WorkflowConflict("alert " + known.id() + " kept changing; try again");
    }
}
