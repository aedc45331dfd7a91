package org.citywatch.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The capacity the scheduler shares out, from what frames cost. */
class CapacityMeterTest {

    static final long MS = 1_000_000;

    @Test
    void nothingMeasuredYet() {
        assertThat(new CapacityMeter(2).framesPerSecond()).isNaN();
    }

    /**
     * ONNX Runtime's first inference costs several usual ones. Seeded with it, an average that weighs each new
     * frame 1 % kept a 300 ms first frame at over 200 ms for 30 frames of 50 ms, granting a fifth of what the
     * worker can do, and at that rate the frames that would correct it come slowly. The plain mean of the first
     * frames forgets it as fast as the frames come.
     */
    @Test
    void aSlowFirstFrameIsSoonOutweighed() {
        CapacityMeter meter = new CapacityMeter(1);
        meter.record(300 * MS, 1);
        for (int i = 0; i < 30; i++) {
            meter.record(50 * MS, 1);
        }
        // Mean of 300 + 30 x 50 ms = 58 ms: 17.2 frames a second (20 without the first frame).
        assertThat(meter.framesPerSecond()).isCloseTo(1000.0 / 58.06, within(0.1));
    }

    @Test
    void followsAChangeOfCostAndCountsEveryWorker() {
        CapacityMeter meter = new CapacityMeter(2);
        for (int i = 0; i < 500; i++) {
            meter.record(40 * MS, 2); // batches of two frames, 20 ms each
        }
        assertThat(meter.framesPerSecond()).isCloseTo(2 * 50.0, within(0.5));
        for (int i = 0; i < 300; i++) {
            meter.record(100 * MS, 1);
        }
        // A heavier scene: after 300 frames the 1 % average is within 5 % of the new cost.
        assertThat(meter.framesPerSecond()).isCloseTo(2 * 10.0, within(1.0));
    }
}
