package org.citywatch.analytics.alert;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an alert is in the operators' workflow. This is independent of whether its condition still holds
 * ({@link Alert#active()}): a crowd can disperse before anyone acknowledges it, and an operator can resolve
 * an alert whose camera still shows the condition.
 */
public enum AlertState {
    NEW, ACKNOWLEDGED, DISPATCHED, RESOLVED, FALSE_ALARM;

    /** The states an operator may move an alert to from this one. */
    public Set<AlertState> next() {
        return switch (this) {
            case NEW -> EnumSet.of(ACKNOWLEDGED, DISPATCHED, RESOLVED, FALSE_ALARM);
            case ACKNOWLEDGED -> EnumSet.of(DISPATCHED, RESOLVED, FALSE_ALARM);
            case DISPATCHED -> EnumSet.of(RESOLVED, FALSE_ALARM);
            case RESOLVED, FALSE_ALARM -> EnumSet.noneOf(AlertState.class);
        };
    }

    /** RESOLVED and FALSE_ALARM end the workflow. */
    public boolean closed() {
        return this == RESOLVED || this == FALSE_ALARM;
    }
}
