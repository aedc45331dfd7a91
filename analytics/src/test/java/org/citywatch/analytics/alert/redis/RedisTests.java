package org.citywatch.analytics.alert.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Shared by the Redis tests. */
final class RedisTests {

    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private RedisTests() {
    }

    /** Skips the test where there is no redis-server, but fails in CI (CI set), where .ci/install provides one. */
    static void assumeRedisOrFailInCi() {
        Optional<String> why = RedisServerProcess.unavailable();
        if (why.isEmpty()) {
            return;
        }
        if (System.getenv("CI") != null) {
            Assertions.fail(why.get() + " (CI is set, so this fails instead of skipping)");
        }
        Assumptions.abort(why.get());
    }

    /** A key prefix no other test uses, so tests can share one server. */
    static String freshPrefix() {
        return "t" + PREFIXES.incrementAndGet() + ":";
    }

    /** Settings for tests: short timeouts and backoff, so that outages and recoveries take milliseconds. */
    static RedisAlertStoreSettings settings(RedisServerProcess redis, String prefix, String node, Path journal,
                                            int maxAlerts) {
        return new RedisAlertStoreSettings(redis.uri(), prefix, 100_000, Optional.ofNullable(node), journal,
                64L << 20, maxAlerts, Duration.ofSeconds(1), Duration.ofMillis(200));
    }
}
