package org.citywatch.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** DJL must believe, by its own reckoning, that it is offline once DjlOffline.ensure() ran. */
class DjlOfflineTest {

    @Test
    void djlReportsOfflineModeAfterEnsure() {
        System.clearProperty(DjlOffline.OFFLINE_PROPERTY);
        System.clearProperty(DjlOffline.TRACKING);
        DjlOffline.ensure();
        assertThat(ai.djl.util.Utils.isOfflineMode()).as("DJL's Utils.isOfflineMode()").isTrue();
        assertThat(DjlOffline.isOffline()).isTrue();
        assertThat(System.getProperty(DjlOffline.OFFLINE_PROPERTY)).isEqualTo("true");
        assertThat(ai.djl.util.Utils.getEnvOrSystemProperty(DjlOffline.TRACKING)).as("OPT_OUT_TRACKING seen by DJL")
                .isEqualToIgnoringCase("true");
    }

    @Test
    void djlCacheIsUnderTheCityWatchCache() {
        DjlOffline.ensure();
        if (System.getenv(DjlOffline.CACHE_DIR) == null) {
            assertThat(ai.djl.util.Utils.getCacheDir().toString()).endsWith("djl")
                    .contains("citywatch")
                    .doesNotContain(".djl.ai");
            assertThat(ai.djl.util.Utils.getEngineCacheDir()).startsWithRaw(ai.djl.util.Utils.getCacheDir());
        }
    }
}
