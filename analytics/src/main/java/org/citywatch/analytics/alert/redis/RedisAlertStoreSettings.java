package org.citywatch.analytics.alert.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link RedisAlertStore} needs (the {@code alerts.redis} section plus {@code alerts.maxAlerts}).
 *
 * @param uri             {@code redis://[user:password@]host:port[/db]} (Lettuce's URI syntax; {@code rediss://} for TLS)
 * @param keyPrefix       prefix of every key ({@link RedisKeys})
 * @param streamMaxLen    events kept in the stream, approximately (Redis trims whole macro nodes: {@code MAXLEN ~})
 * @param node            this node's id: its consumer group. Empty: a generated one, deleted again on close
 * @param journalDir      where the outage journal lives; one directory per node (it is locked)
 * @param journalMaxBytes the journal's bound; past it, events are refused
 * @param maxAlerts       alerts kept in Redis (the oldest dropped first), as in the embedded store
 * @param commandTimeout  how long one Redis command may take before Redis counts as unreachable
 * @param maxBackoff      the longest wait between two reconnection attempts
 */
public record RedisAlertStoreSettings(String uri, String keyPrefix, int streamMaxLen, Optional<String> node,
                                      Path journalDir, long journalMaxBytes, int maxAlerts, Duration commandTimeout,
                                      Duration maxBackoff) {

    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);

    public RedisAlertStoreSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(journalDir, "journalDir");
        keyPrefix = keyPrefix == null ? "" : keyPrefix;
        node = node == null ? Optional.empty() : node.filter(n -> !n.isBlank());
        commandTimeout = commandTimeout == null ? DEFAULT_COMMAND_TIMEOUT : commandTimeout;
        maxBackoff = maxBackoff == null ? DEFAULT_MAX_BACKOFF : maxBackoff;
        if (streamMaxLen < 1 || maxAlerts < 1 || journalMaxBytes < 1) {
            throw new IllegalArgumentException("streamMaxLen, maxAlerts and journalMaxBytes must be positive");
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("commandTimeout must be positive and maxBackoff not negative");
        }
    }

    /** With the default command timeout (2 s) and reconnection backoff (up to 2 s). */
    public static RedisAlertStoreSettings of(String uri, String keyPrefix, int streamMaxLen, Optional<String> node,
                                             Path journalDir, long journalMaxBytes, int maxAlerts) {
        return new RedisAlertStoreSettings(uri, keyPrefix, streamMaxLen, node, journalDir, journalMaxBytes, maxAlerts,
                DEFAULT_COMMAND_TIMEOUT, DEFAULT_MAX_BACKOFF);
    }

    public RedisAlertStoreSettings withNode(String id) {
        return new RedisAlertStoreSettings(uri, keyPrefix, streamMaxLen, Optional.ofNullable(id), journalDir,
                journalMaxBytes, maxAlerts, commandTimeout, maxBackoff);
    }

    public RedisAlertStoreSettings withJournal(Path dir, long maxBytes) {
        return new RedisAlertStoreSettings(uri, keyPrefix, streamMaxLen, node, dir, maxBytes, maxAlerts,
                commandTimeout, maxBackoff);
    }

    public RedisAlertStoreSettings withTimeouts(Duration command, Duration backoff) {
        return new RedisAlertStoreSettings(uri, keyPrefix, streamMaxLen, node, journalDir, journalMaxBytes, maxAlerts,
                command, backoff);
    }
}
