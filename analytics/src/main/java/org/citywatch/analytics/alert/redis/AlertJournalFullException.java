package org.citywatch.analytics.alert.redis;

/**
 * Redis is unreachable and the local journal has reached its bound ({@code alerts.redis.journalMaxMiB}): the event
 * was refused, nothing was kept. The caller may publish it again later (the incident tracker does on its next frame).
 */
public final class AlertJournalFullException extends IllegalStateException {

    public AlertJournalFullException(String message) {
        super(message);
    }
}
