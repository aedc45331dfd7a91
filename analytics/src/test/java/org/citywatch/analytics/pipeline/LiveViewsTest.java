package org.citywatch.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LiveViewsTest {

    static final long S = 1_000_000_000L;

    @Test
    void aLeaseStartsIsRenewedAndRunsOut() {
        LiveViews v = new LiveViews(10, Duration.ofSeconds(5));
        assertThat(v.renew("a", 0)).isEqualTo(LiveViews.Renewal.STARTED);
        assertThat(v.renew("a", 4 * S)).isEqualTo(LiveViews.Renewal.RENEWED);
        assertThat(v.viewed("a", 8 * S)).as("renewed at 4 s, good until 9 s").isTrue();
        assertThat(v.expire(8 * S)).isEmpty();
        assertThat(v.viewed("a", 9 * S)).isFalse();
        assertThat(v.expire(9 * S)).containsExactly("a");
        assertThat(v.count()).isZero();
        assertThat(v.renew("a", 10 * S)).as("a new lease after expiry").isEqualTo(LiveViews.Renewal.STARTED);
    }

    @Test
    void aLapsedLeaseNotYetExpiredIsTakenUpWithoutANewStart() {
        LiveViews v = new LiveViews(1, Duration.ofSeconds(5));
        v.renew("a", 0);
        // Lapsed at 5 s but the timer has not run: ingest still decodes it, so no second start is due.
        assertThat(v.renew("a", 6 * S)).isEqualTo(LiveViews.Renewal.RENEWED);
        assertThat(v.viewed("a", 10 * S)).isTrue();
    }

    @Test
    void theCapRefusesNewCamerasAndCountsThem() {
        LiveViews v = new LiveViews(2, Duration.ofSeconds(5));
        v.renew("a", 0);
        v.renew("b", 0);
        assertThat(v.renew("c", 0)).isEqualTo(LiveViews.Renewal.REFUSED);
        assertThat(v.renew("c", S)).isEqualTo(LiveViews.Renewal.REFUSED);
        assertThat(v.viewed("c", S)).isFalse();
        assertThat(v.refused()).isEqualTo(2);
        v.expire(5 * S);
        assertThat(v.renew("c", 5 * S)).as("room again once the others ran out").isEqualTo(LiveViews.Renewal.STARTED);
        assertThat(v.forget("c")).isTrue();
        assertThat(v.count()).isZero();
    }

    @Test
    void zeroTurnsLiveViewsOffAndNegativeIsRefused() {
        assertThat(new LiveViews(0, Duration.ofSeconds(5)).renew("a", 0)).isEqualTo(LiveViews.Renewal.REFUSED);
        assertThatThrownBy(() -> new LiveViews(-1, Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class);
    }
}
