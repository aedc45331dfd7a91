package org.citywatch.analytics.alert.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citywatch.analytics.alert.AlertStore;
import org.citywatch.analytics.alert.AlertStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on Redis: one server for the class, a fresh key prefix for each store. */
class RedisAlertStoreContractTest extends AlertStoreContract {

    private static RedisServerProcess redis;

    @TempDir
    Path journals;

    @BeforeAll
    static void startRedis() throws IOException {
        RedisTests.assumeRedisOrFailInCi();
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected AlertStore newStore(int maxAlerts) throws IOException {
        Path journal = Files.createTempDirectory(journals, "journal");
        return RedisAlertStore.open(RedisTests.settings(redis, RedisTests.freshPrefix(), null, journal, maxAlerts));
    }
}
