package org.citywatch.analytics.alert;

/**
 * A workflow step that the alert's current state does not allow (or that lost a race with another step): the
 * caller's request is the problem, not the store, so the API answers 409 with this message. A store failure is
 * another exception and never this one.
 */
public final class WorkflowConflict extends IllegalStateException {

    public WorkflowConflict(String message) {
        super(message);
    }
}
