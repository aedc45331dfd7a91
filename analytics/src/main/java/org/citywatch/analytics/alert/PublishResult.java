package org.citywatch.analytics.alert;

/** What became of a published event. */
public enum PublishResult {
    /** Appended to the bus and applied to the stored state. */
    APPLIED,
    /** The store already holds this version or a newer one of the alert (another writer got there first): nothing
     * was appended; read the alert again and redo the change on top of it. */
    STALE,
    /** The store is unreachable: the event is kept in the local journal and will be appended, in order, when it
     * is back. The local view already shows it. */
    JOURNALLED
}
