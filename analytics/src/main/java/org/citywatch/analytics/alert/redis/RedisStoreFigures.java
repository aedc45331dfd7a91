package org.citywatch.analytics.alert.redis;

/**
 * What a {@link RedisAlertStore} has been through since it opened, for metrics and tests.
 *
 * @param online        whether the publishing connection is up (without asking Redis: see {@link RedisAlertStore#online()})
 * @param journalBytes  bytes in the journal still to be replayed (0: everything is in Redis)
 * @param journalled    events that went to the journal
 * @param refused       events refused because the journal was full
 * @param replayed      journalled events replayed and appended to the stream
 * @param replayedStale journalled events Redis already held when they were replayed (not appended again)
 * @param delivered     events this node's reader passed to its listeners
 * @param malformed     stream entries and stored alerts that could not be read (logged with their ids, skipped)
 */
public record RedisStoreFigures(boolean online, long journalBytes, long journalled, long refused, long replayed,
                                long replayedStale, long delivered, long malformed) {
}
