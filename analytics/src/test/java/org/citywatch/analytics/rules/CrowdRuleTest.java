package org.citywatch.analytics.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.citywatch.analytics.detect.BoundingBox;
import org.citywatch.analytics.detect.Detection;
import org.junit.jupiter.api.Test;

class CrowdRuleTest {

    private static final long S = 1_000_000_000L;
    private final CrowdRule rule = new CrowdRule(
            new CrowdRule.Settings(4, Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(20)));

    private static List<Detection> people(int persons, int cars) {
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < persons; i++) {
            out.add(new Detection(0, "person", 0.8f, new BoundingBox(10 * i, 0, 10 * i + 8, 20)));
        }
        for (int i = 0; i < cars; i++) {
            out.add(new Detection(2, "car", 0.9f, new BoundingBox(100, 100, 150, 130)));
        }
        return out;
    }

    @Test
    void raisesOnceWhenEnoughPersonsStayLongEnough() {
        assertThat(rule.update(0, people(5, 0))).isEmpty();
        assertThat(rule.update(2 * S, people(4, 0))).isEmpty();
        var hit = rule.update(3 * S, people(6, 0));
        assertThat(hit).isPresent();
        assertThat(hit.get().persons()).isEqualTo(6);
        assertThat(hit.get().sinceNanos()).isZero();
        assertThat(hit.get().personsInView()).hasSize(6).allMatch(d -> d.label().equals("person"));
        // The same crowd goes on: no second alert.
        for (long t = 4; t < 60; t++) {
            assertThat(rule.update(t * S, people(5, 0))).isEmpty();
        }
    }

    @Test
    void otherClassesDoNotCount() {
        for (long t = 0; t < 10; t++) {
            assertThat(rule.update(t * S, people(3, 10))).isEmpty();
        }
    }

    @Test
    void aDipShorterThanTheHoldDoesNotStartANewEpisode() {
        rule.update(0, people(5, 0));
        assertThat(rule.update(3 * S, people(5, 0))).isPresent();
        rule.update(4 * S, people(1, 0));            // dip
        assertThat(rule.update(6 * S, people(5, 0))).isEmpty();  // back within hold: same episode
        assertThat(rule.update(30 * S, people(5, 0))).isEmpty();
    }

    @Test
    void aNewEpisodeAfterTheHoldRaisesAgainButOnlyAfterTheCooldown() {
        rule.update(0, people(5, 0));
        assertThat(rule.update(3 * S, people(5, 0))).isPresent();
        rule.update(4 * S, people(0, 0));
        rule.update(10 * S, people(0, 0));          // 6 s below: episode over
        rule.update(11 * S, people(5, 0));
        assertThat(rule.update(14 * S, people(5, 0))).as("cooldown of 20 s since t=3").isEmpty();
        assertThat(rule.update(23 * S, people(5, 0))).isPresent();
    }

    @Test
    void countingMustBeContinuous() {
        rule.update(0, people(5, 0));
        rule.update(1 * S, people(2, 0));
        rule.update(7 * S, people(2, 0));           // episode ends after hold
        rule.update(8 * S, people(5, 0));
        assertThat(rule.update(10 * S, people(5, 0))).as("only 2 s since it came back").isEmpty();
        assertThat(rule.update(11 * S, people(5, 0))).isPresent();
    }
}
