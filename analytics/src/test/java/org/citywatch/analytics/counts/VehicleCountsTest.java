package org.citywatch.analytics.counts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citywatch.analytics.rules.Crossing;
import org.junit.jupiter.api.Test;

class VehicleCountsTest {

    static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    private static Crossing car(String line, String direction, Instant at) {
        return new Crossing(line, direction, "car", 1, at);
    }

    @Test
    void crossingsAreCountedPerMinuteLineClassAndDirection() {
        VehicleCounts counts = VehicleCounts.defaults();
        counts.crossed("cam-1", car("gantry", "north", T0.plusSeconds(5)));
        counts.crossed("cam-1", car("gantry", "north", T0.plusSeconds(59)));
        counts.crossed("cam-1", car("gantry", "south", T0.plusSeconds(30)));
        counts.crossed("cam-1", new Crossing("gantry", "north", "bus", 2, T0.plusSeconds(61)));
        counts.crossed("cam-1", car("exit", "north", T0.plusSeconds(10)));
        counts.crossed("cam-2", car("gantry", "north", T0.plusSeconds(10)));

        List<MinuteCount> gantry = counts.query("cam-1", Optional.of("gantry"), T0, T0.plusSeconds(3600));
        assertThat(gantry).extracting(m -> m.minute() + " " + m.key().label() + " " + m.key().direction() + " "
                + m.count()).containsExactly(
                "2026-12-01T08:00:00Z car north 2",
                "2026-12-01T08:00:00Z car south 1",
                "2026-12-01T08:01:00Z bus north 1");
        assertThat(counts.query("cam-1", Optional.empty(), T0, T0.plusSeconds(3600))).hasSize(4);
        assertThat(counts.query("cam-1", Optional.empty(), T0.plusSeconds(60), T0.plusSeconds(3600))).hasSize(1);
        assertThat(counts.query("cam-3", Optional.empty(), T0, T0.plusSeconds(3600))).isEmpty();
    }

    @Test
    void onlyTheRetainedMinutesAreKeptButTotalsKeepCounting() {
        VehicleCounts counts = new VehicleCounts(Duration.ofMinutes(10), 100);
        for (int minute = 0; minute < 30; minute++) {
            counts.crossed("cam", car("l", "in", T0.plusSeconds(60L * minute)));
        }
        List<MinuteCount> kept = counts.query("cam", Optional.empty(), T0, T0.plusSeconds(3600));
        assertThat(kept).hasSize(10);
        assertThat(kept.getFirst().minute()).isEqualTo(T0.plusSeconds(60L * 20));
        // A late crossing within the window is counted in its minute; one older than the window only in the total.
        counts.crossed("cam", car("l", "in", T0.plusSeconds(60L * 25)));
        counts.crossed("cam", car("l", "in", T0.plusSeconds(60L * 2)));
        assertThat(counts.query("cam", Optional.empty(), T0.plusSeconds(60L * 25), T0.plusSeconds(60L * 25)))
                .singleElement().extracting(MinuteCount::count).isEqualTo(2L);
        Map<CountKey, Long> totals = new HashMap<>();
        counts.totals(totals::put);
        assertThat(totals).containsExactly(Map.entry(new CountKey("cam", "l", "car", "in"), 32L));
    }

    @Test
    void aLongSilenceClearsTheMinutesItSkipped() {
        VehicleCounts counts = new VehicleCounts(Duration.ofMinutes(10), 100);
        counts.crossed("cam", car("l", "in", T0));
        counts.crossed("cam", car("l", "in", T0.plusSeconds(60L * 13)));
        assertThat(counts.query("cam", Optional.empty(), T0, T0.plusSeconds(3600)))
                .extracting(MinuteCount::minute).containsExactly(T0.plusSeconds(60L * 13));
    }

    @Test
    void newSeriesPastTheCapAreDroppedAndCounted() {
        VehicleCounts counts = new VehicleCounts(Duration.ofMinutes(10), 2);
        counts.crossed("a", car("l", "in", T0));
        counts.crossed("b", car("l", "in", T0));
        counts.crossed("c", car("l", "in", T0));
        counts.crossed("c", car("l", "in", T0));
        counts.crossed("a", car("l", "in", T0));
        assertThat(counts.dropped()).isEqualTo(2);
        assertThat(counts.query("a", Optional.empty(), T0, T0)).singleElement()
                .extracting(MinuteCount::count).isEqualTo(2L);
    }
}
