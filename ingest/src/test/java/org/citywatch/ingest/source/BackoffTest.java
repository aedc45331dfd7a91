package org.citywatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void growsExponentiallyWithJitterAndStaysUnderTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1600));
        long[] ceilings = {100, 200, 400, 800, 1600, 1600, 1600, 1600};
        for (long ceiling : ceilings) {
            long wait = b.next().toMillis();
            assertThat(wait).isBetween(50L, ceiling);
        }
    }

    @Test
    void jitterSpreadsRetriesOfManyCameras() {
        java.util.Set<Long> distinct = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
            b.next();
            b.next();
            distinct.add(b.next().toMillis());
        }
        assertThat(distinct).hasSizeGreaterThan(10);
    }

    @Test
    void resetStartsAgainFromTheInitialDelay() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(60));
        for (int i = 0; i < 10; i++) {
            b.next();
        }
        b.reset();
        assertThat(b.next().toMillis()).isBetween(50L, 100L);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
