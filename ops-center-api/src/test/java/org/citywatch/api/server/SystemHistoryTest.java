package org.citywatch.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemHistoryTest {

    static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");

    static SystemHistory.Sample at(int tenSeconds) {
        return new SystemHistory.Sample(T0.plusSeconds(10L * tenSeconds), 1000, 990, 50, 48.0, 800);
    }

    @Test
    void answersTheWindowOldestFirst() {
        SystemHistory h = new SystemHistory();
        for (int i = 0; i < 10; i++) {
            h.add(at(i));
        }
        List<SystemHistory.Sample> last = h.since(T0.plusSeconds(70));
        assertThat(last).extracting(SystemHistory.Sample::at)
                .containsExactly(T0.plusSeconds(70), T0.plusSeconds(80), T0.plusSeconds(90));
        assertThat(h.since(T0.plusSeconds(1000))).isEmpty();
    }

    @Test
    void theRingKeepsSixHoursAndAnswersAtMostMaxPointsEndingWithTheNewest() {
        SystemHistory h = new SystemHistory();
        int total = SystemHistory.CAPACITY + 500;
        for (int i = 0; i < total; i++) {
            h.add(at(i));
        }
        List<SystemHistory.Sample> all = h.since(T0);
        assertThat(all).hasSizeLessThanOrEqualTo(SystemHistory.MAX_POINTS).hasSizeGreaterThan(SystemHistory.MAX_POINTS / 2);
        assertThat(all.getFirst().at()).as("the oldest overwritten").isAfterOrEqualTo(at(500).at());
        assertThat(all.getLast()).isEqualTo(at(total - 1));
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).at()).isAfter(all.get(i - 1).at());
        }
        // A short window is not thinned.
        assertThat(h.since(at(total - 60).at())).hasSize(60);
    }
}
