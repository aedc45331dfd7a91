package org.citywatch.analytics.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;
import org.junit.jupiter.api.Test;

/** Congestion, stopped vehicle and wrong way on synthetic cars (5 fps, 400x300). */
class VehicleRulesTest {

    /** A road over the whole lower two thirds; traffic allowed to drive right (+x); a no-stopping box at right. */
    private static final String ROAD = """
            metresAcross: 40
            zones:
              - { id: road, kind: road, polygon: [[0, 0.3], [1, 0.3], [1, 1], [0, 1]], direction: [[0.2, 0.6], [0.8, 0.6]] }
              - { id: kerb, kind: no-stopping, polygon: [[0.6, 0.6], [1, 0.6], [1, 1], [0.6, 1]] }
            """;

    private static Rule rule(String rules) {
        return SceneYaml.rule(ROAD + "rules: " + rules);
    }

    @Test
    void congestionNeedsManySlowVehiclesForLong() {
        String rules = "[ { type: congestion, zone: road, minVehicles: 4, maxSpeedMps: 1, minSeconds: 3, holdSeconds: 2 } ]";
        Street jam = new Street(rule(rules));
        for (int f = 0; f < 30; f++) { // 6 s of 5 cars creeping at 0.5 px/frame = 2.5 px/s = 0.25 m/s
            for (int i = 0; i < 5; i++) {
                jam.car(i + 1, 40 + i * 60 + f * 0.5, 200);
            }
            jam.frame();
        }
        assertThat(jam.firstFiring()).isBetween(15, 22); // 1 s to settle, then 3 s
        assertThat(jam.findings().getLast()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(AlertType.CONGESTION);
            assertThat(f.severity()).isEqualTo(Severity.P3);
            assertThat(f.counts()).containsEntry("vehicles", 5);
            assertThat(f.counts().get("medianSpeedMps").doubleValue()).isLessThan(1);
        });
        // Traffic flowing at 10 px/frame = 50 px/s = 5 m/s: never.
        Street flow = new Street(rule(rules));
        for (int f = 0; f < 30; f++) {
            for (int i = 0; i < 5; i++) {
                flow.car(i + 1, (20 + i * 60 + f * 10) % 400, 200);
            }
            flow.frame();
        }
        assertThat(flow.framesFiring()).isZero();
        // The jam clears: cars drive off, and after the hold it ends.
        for (int f = 0; f < 15; f++) {
            for (int i = 0; i < 5; i++) {
                jam.car(i + 1, 60 + i * 60 + f * 12, 200);
            }
            jam.frame();
        }
        assertThat(jam.firing()).isFalse();
    }

    @Test
    void aVehicleStoppedInTheNoStoppingZone() {
        Rule rule = rule("[ { type: stopped-vehicle, zone: kerb, minSeconds: 4, holdSeconds: 2 } ]");
        Street s = new Street(rule);
        for (int f = 0; f < 40; f++) { // parked, its box jittering by 2 px; another car drives through
            s.car(1, 300 + (f % 2) * 2, 250).car(2, (f * 15) % 400, 200).frame();
        }
        assertThat(s.firstFiring()).isBetween(19, 21);
        assertThat(s.findings().getLast()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(AlertType.STOPPED_VEHICLE);
            assertThat(f.zoneId()).isEqualTo("kerb");
            assertThat(f.trackIds()).containsExactly(1L);
        });
        // It drives off; after the hold, the alert ends.
        for (int f = 0; f < 15; f++) {
            s.car(1, 300 + f * 8, 250).frame();
        }
        assertThat(s.firing()).isFalse();
    }

    @Test
    void slowCreepingInAQueueIsNotStopped() {
        Street s = new Street(rule("[ { type: stopped-vehicle, zone: kerb, minSeconds: 4 } ]"));
        for (int f = 0; f < 50; f++) {
            s.car(1, 250 + f * 3, 250).frame(); // 15 px/s: half a box width every 1.3 s
        }
        assertThat(s.framesFiring()).isZero();
    }

    @Test
    void aVehicleDrivingAgainstTheRoadsDirection() {
        Rule rule = rule("[ { type: wrong-way, zone: road, minDistance: 0.15, holdSeconds: 1 } ]");
        assertThat(rule.id()).isEqualTo("wrong-way@road");
        Street s = new Street(rule);
        for (int f = 0; f < 20; f++) {
            s.car(1, 350 - f * 5, 200).car(2, 20 + f * 5, 230).frame(); // 1 drives left, 2 right
        }
        // 60 px (0.15 x 400) against the arrow: after 12 frames.
        assertThat(s.firstFiring()).isBetween(11, 13);
        assertThat(s.findings().getLast()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(AlertType.WRONG_WAY);
            assertThat(f.severity()).isEqualTo(Severity.P1);
            assertThat(f.trackIds()).containsExactly(1L);
        });
        s.gone(1).frames(6);
        assertThat(s.firing()).isFalse();
    }

    @Test
    void backingUpALittleOrZigzaggingIsNotWrongWay() {
        Street s = new Street(rule("[ { type: wrong-way, zone: road, minDistance: 0.15 } ]"));
        for (int f = 0; f < 10; f++) {
            s.car(1, 200 - f * 4, 200).frame(); // backs up 40 px (less than 60)
        }
        for (int f = 0; f < 40; f++) {
            s.car(2, 50 + f * 6, 150 + (f % 4) * 30).frame(); // weaves but goes the right way
        }
        assertThat(s.framesFiring()).isZero();
    }
}
