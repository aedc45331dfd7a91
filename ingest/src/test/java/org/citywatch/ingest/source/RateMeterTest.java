package org.citywatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateMeterTest {

    private static final long S = 1_000_000_000L;

    @Test
    void averagesTheCompletedSecondsOfTheWindow() {
        RateMeter m = new RateMeter();
        for (long sec = 100; sec < 110; sec++) {
            for (int i = 0; i < 10; i++) {
                m.mark(sec * S + i * (S / 10));
            }
        }
        assertThat(m.rate(110 * S)).isEqualTo(10.0);
    }

    @Test
    void dropsToZeroWhenEventsStop() {
        RateMeter m = new RateMeter();
        for (int i = 0; i < 25; i++) {
            m.mark(50 * S + i * (S / 25));
        }
        assertThat(m.rate(51 * S)).isGreaterThan(0);
        assertThat(m.rate(60 * S)).isZero();
    }

    @Test
    void aStreamThatJustStartedIsNotAveragedWithTheSecondsBeforeIt() {
        RateMeter m = new RateMeter();
        assertThat(m.rate(10 * S)).isZero();
        for (long sec = 10; sec < 12; sec++) {
            for (int i = 0; i < 20; i++) {
                m.mark(sec * S + i * (S / 20));
            }
        }
        assertThat(m.rate(12 * S)).isEqualTo(20.0);
    }
}
