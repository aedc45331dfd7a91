package org.citywatch.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthLoginThrottleTest {

    /** A clock the test moves by hand. */
    private static final class Manual extends Clock {
        Instant now = Instant.parse("2026-12-01T08:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Manual clock = new Manual();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void aFewFailuresAreFreeThenEachDoublesTheWait() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES_PER_USER; i++) {
            assertThat(throttle.wait("lan", "10.0.0.1")).isEmpty();
            throttle.failed("lan", "10.0.0.1");
        }
        assertThat(throttle.wait("lan", "10.0.0.1")).isEmpty();
        throttle.failed("lan", "10.0.0.1");
        assertThat(throttle.wait("lan", "10.0.0.9")).as("the name, from anywhere").contains(Duration.ofSeconds(1));
        assertThat(throttle.wait("LAN", "10.0.0.9")).as("whatever its case").contains(Duration.ofSeconds(1));
        assertThat(throttle.wait("minh", "10.0.0.1")).as("others from that address").isEmpty();
        clock.now = clock.now.plusSeconds(1);
        throttle.failed("lan", "10.0.0.1");
        assertThat(throttle.wait("lan", "10.0.0.1")).contains(Duration.ofSeconds(2));
        for (int i = 0; i < 20; i++) {
            throttle.failed("lan", "10.0.0.2");
        }
        assertThat(throttle.wait("lan", "10.0.0.3")).as("capped").contains(LoginThrottle.MAX_LOCK);
        throttle.succeeded("lan");
        assertThat(throttle.wait("lan", "10.0.0.3")).isEmpty();
    }

    @Test
    void oneAddressTryingManyNamesIsSlowedToo() {
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES_PER_ADDRESS; i++) {
            throttle.failed("user" + i, "10.9.9.9");
        }
        assertThat(throttle.wait("somebody-new", "10.9.9.9")).contains(Duration.ofSeconds(1));
        assertThat(throttle.wait("somebody-new", "10.9.9.8")).isEmpty();
    }

    @Test
    void quietNamesAreForgottenAndMemoryIsBounded() {
        for (int i = 0; i < 6; i++) {
            throttle.failed("lan", "10.0.0.1");
        }
        clock.now = clock.now.plus(LoginThrottle.FORGET_AFTER).plusSeconds(1);
        assertThat(throttle.wait("lan", "10.0.0.1")).isEqualTo(Optional.empty());
        throttle.failed("lan", "10.0.0.1");
        assertThat(throttle.wait("lan", "10.0.0.1")).as("counting starts again").isEmpty();

        for (int i = 0; i < LoginThrottle.MAX_KEYS + 500; i++) {
            throttle.failed("guess" + i, "10.1." + (i / 250) + "." + (i % 250));
        }
        assertThat(throttle.size()).isLessThanOrEqualTo(LoginThrottle.MAX_KEYS);
    }
}
