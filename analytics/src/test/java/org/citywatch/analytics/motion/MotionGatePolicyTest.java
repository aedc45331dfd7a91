package org.citywatch.analytics.motion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.citywatch.analytics.detect.BoundingBox;
import org.citywatch.analytics.motion.MotionGatePolicy.Decision;
import org.citywatch.analytics.motion.MotionResult.Cause;
import org.junit.jupiter.api.Test;

class MotionGatePolicyTest {

    static final MotionResult QUIET = new MotionResult(Cause.NONE, 0, List.of());
    static final MotionResult MOVING = new MotionResult(Cause.MOTION, 0.02, List.of(new BoundingBox(1, 2, 30, 40)));
    static final long SECOND = 1_000_000_000L;

    @Test
    void staticRuleIsMotionOrLiveTracks() {
        assertThat(MotionGatePolicy.shouldDetect(MOVING, 0)).isTrue();
        assertThat(MotionGatePolicy.shouldDetect(QUIET, 1)).isTrue();
        assertThat(MotionGatePolicy.shouldDetect(QUIET, 0)).isFalse();
        assertThat(MotionGatePolicy.shouldDetect(new MotionResult(Cause.GLOBAL_CHANGE, 0.9, List.of()), 0)).isTrue();
    }

    @Test
    void decidesByMotionThenTracksThenTime() {
        MotionGatePolicy policy = new MotionGatePolicy();
        long t0 = -5 * SECOND; // any origin, even negative, as System.nanoTime may give
        assertThat(policy.decide(QUIET, 0, t0)).isEqualTo(Decision.FORCED); // never detected yet
        assertThat(policy.decide(QUIET, 0, t0 + SECOND / 5)).isEqualTo(Decision.SKIP);
        assertThat(policy.decide(MOVING, 0, t0 + 2 * SECOND / 5)).isEqualTo(Decision.MOTION);
        assertThat(policy.decide(QUIET, 3, t0 + 3 * SECOND / 5)).isEqualTo(Decision.LIVE_TRACKS);
        // 10 s after the last detection (at t0 + 0.6 s) a quiet frame is forced through.
        assertThat(policy.decide(QUIET, 0, t0 + 10 * SECOND)).isEqualTo(Decision.SKIP);
        assertThat(policy.shouldDetect(QUIET, 0, t0 + 10 * SECOND + 3 * SECOND / 5)).isTrue();
        assertThat(policy.decide(QUIET, 0, t0 + 11 * SECOND)).isEqualTo(Decision.SKIP);

        assertThat(policy.decided()).isEqualTo(7);
        assertThat(policy.count(Decision.SKIP)).isEqualTo(3);
        assertThat(policy.count(Decision.FORCED)).isEqualTo(2);
        assertThat(policy.skippedShare()).isEqualTo(3.0 / 7);
    }

    @Test
    void forcePeriodIsConfigurableAndChecked() {
        MotionGatePolicy policy = new MotionGatePolicy(Duration.ofSeconds(2));
        assertThat(policy.forceEvery()).isEqualTo(Duration.ofSeconds(2));
        assertThat(new MotionGatePolicy().forceEvery()).isEqualTo(Duration.ofSeconds(10));
        policy.decide(MOVING, 0, 0);
        assertThat(policy.decide(QUIET, 0, 2 * SECOND - 1)).isEqualTo(Decision.SKIP);
        assertThat(policy.decide(QUIET, 0, 2 * SECOND)).isEqualTo(Decision.FORCED);
        assertThatThrownBy(() -> new MotionGatePolicy(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.decide(QUIET, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new MotionGatePolicy().skippedShare()).isZero();
    }
}
