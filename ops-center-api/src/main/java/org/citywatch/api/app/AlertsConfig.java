package org.citywatch.api.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.analytics.incident.IncidentSettings;

/**
 * The {@code alerts} section: where alerts and evidence are kept and how findings become alerts.
 *
 * <pre>
 * alerts:
 *   maxAlerts: 10000                 # alerts kept (oldest dropped first)
 *   store: memory                    # memory (embedded, one node) | redis
 *   redis: { uri: redis://127.0.0.1:6379, keyPrefix: "citywatch:", streamMaxLen: 100000, node: "",
 *            journalDir: citywatch-data/journal, journalMaxMiB: 256 }
 *   evidence: { dir: citywatch-data/evidence, maxMiB: 2048, maxAgeHours: 168 }
 *   clip: { beforeSeconds: 5, afterSeconds: 5 }
 *   cooldownSeconds: 60              # an ended alert re-opens instead of a new one within this
 *   updateSeconds: 2                 # an open alert's new figures at most this often
 *   offlineGraceSeconds: 60          # CAMERA_OFFLINE after this long without a stream
 *   offlineSeverity: P2
 * </pre>
 */
public record AlertsConfig(int maxAlerts, boolean redisStore, RedisSettings redis, Path evidenceDir,
                           long evidenceMaxBytes, Duration evidenceMaxAge, Duration clipBefore, Duration clipAfter,
                           IncidentSettings incidents) {

    /** How to reach Redis and what to keep there. */
    public record RedisSettings(String uri, String keyPrefix, int streamMaxLen, Optional<String> node, Path journalDir,
                                long journalMaxBytes) {
    }

    static AlertsConfig parse(ConfigSection alerts, Path baseDir) {
        ConfigSection redis = alerts.child("redis", Set.of("uri", "keyPrefix", "streamMaxLen", "node", "journalDir",
                "journalMaxMiB"));
        ConfigSection evidence = alerts.child("evidence", Set.of("dir", "maxMiB", "maxAgeHours"));
        ConfigSection clip = alerts.child("clip", Set.of("beforeSeconds", "afterSeconds"));
        int maxAlerts = alerts.intValue("maxAlerts", 10_000);
        if (maxAlerts < 1) {
            throw new IllegalArgumentException("alerts.maxAlerts must be positive");
        }
        String store = alerts.text("store", "memory").strip().toLowerCase(Locale.ROOT);
        if (!store.equals("memory") && !store.equals("redis")) {
            throw new IllegalArgumentException("alerts.store must be memory or redis, got " + store);
        }
        String node = redis.text("node", "");
        RedisSettings r = new RedisSettings(redis.text("uri", "redis://127.0.0.1:6379"),
                redis.text("keyPrefix", "citywatch:"), positive("alerts.redis.streamMaxLen",
                redis.intValue("streamMaxLen", 100_000)), node.isBlank() ? Optional.empty() : Optional.of(node),
                baseDir.resolve(redis.text("journalDir", "citywatch-data/journal")).toAbsolutePath().normalize(),
                positive("alerts.redis.journalMaxMiB", redis.intValue("journalMaxMiB", 256)) * 1024L * 1024L);
        IncidentSettings d = IncidentSettings.defaults();
        IncidentSettings incidents = new IncidentSettings(alerts.seconds("cooldownSeconds", d.cooldown()),
                alerts.seconds("updateSeconds", d.updateInterval()), d.heartbeat(),
                alerts.seconds("offlineGraceSeconds", d.offlineGrace()),
                severity("alerts.offlineSeverity", alerts.text("offlineSeverity", d.offlineSeverity().name())));
        Duration before = clip.seconds("beforeSeconds", Duration.ofSeconds(5));
        Duration after = clip.seconds("afterSeconds", Duration.ofSeconds(5));
        if (before.toSeconds() > 30 || after.toSeconds() > 60 || before.isNegative() || after.isNegative()) {
            throw new IllegalArgumentException("alerts.clip: beforeSeconds must be 0..30 and afterSeconds 0..60");
        }
        return new AlertsConfig(maxAlerts, store.equals("redis"), r,
                baseDir.resolve(evidence.text("dir", "citywatch-data/evidence")).toAbsolutePath().normalize(),
                positive("alerts.evidence.maxMiB", evidence.intValue("maxMiB", 2048)) * 1024L * 1024L,
                Duration.ofHours(positive("alerts.evidence.maxAgeHours", evidence.intValue("maxAgeHours", 168))),
                before, after, incidents);
    }

    private static int positive(String key, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(key + " must be positive, got " + v);
        }
        return v;
    }

    static Severity severity(String key, String s) {
        try {
            return Severity.valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be one of P1..P4, got " + s);
        }
    }
}
