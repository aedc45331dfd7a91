package org.citywatch.analytics.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Counting on a horizontal line across the middle of the frame (y = 150 px), from left to right. */
class LineCountRuleTest {

    private static final String SCENE = """
            lines: [ { id: stop-line, from: [0.1, 0.5], to: [0.9, 0.5], forward: northbound, backward: southbound } ]
            rules: [ { type: count, line: stop-line } ]
            """;

    @Test
    void aCarCrossingIsCountedOnceInItsDirection() {
        Street s = new Street(SceneYaml.rule(SCENE));
        for (int y = 250; y >= 50; y -= 10) {
            s.car(1, 200, y).frame();
        }
        assertThat(s.crossings()).singleElement().satisfies(c -> {
            assertThat(c.lineId()).isEqualTo("stop-line");
            assertThat(c.label()).isEqualTo("car");
            assertThat(c.trackId()).isEqualTo(1L);
            assertThat(c.direction()).isEqualTo("southbound"); // upwards: from the right-hand side to the left
        });
        Street down = new Street(SceneYaml.rule(SCENE));
        for (int y = 50; y <= 250; y += 10) {
            down.car(2, 200, y).frame();
        }
        // Standing at from, looking at to (rightwards), the right-hand side is below: downwards is forward.
        assertThat(down.crossings()).singleElement().satisfies(c -> assertThat(c.direction()).isEqualTo("northbound"));
    }

    @Test
    void jitterOnTheLineAndGoingBackDoNotCountAgain() {
        Street s = new Street(SceneYaml.rule(SCENE));
        s.car(1, 200, 200).frame();
        for (int i = 0; i < 40; i++) {
            s.car(1, 200, 150 + (i % 2 == 0 ? 3 : -3)).frame(); // within the band: no side taken
        }
        assertThat(s.crossings()).isEmpty();
        s.car(1, 200, 120).frame(); // over: one crossing
        s.car(1, 200, 190).frame(); // and back: still one, a track counts once
        s.car(1, 200, 100).frame();
        assertThat(s.crossings()).hasSize(1);
    }

    @Test
    void passingBesideTheEndOrNotAVehicleIsNotACrossing() {
        Street s = new Street(SceneYaml.rule(SCENE));
        for (int y = 250; y >= 50; y -= 10) {
            s.car(1, 395, y).person(2, 200, y).frame(); // x = 395 px is beyond the line's end at 360 px
        }
        assertThat(s.crossings()).isEmpty();
        assertThat(s.framesFiring()).isZero(); // counting never raises an alert
    }

    @Test
    void classesCanBeChosen() {
        Street s = new Street(SceneYaml.rule("""
                lines: [ { id: l, from: [0, 0.5], to: [1, 0.5] } ]
                rules: [ { type: count, line: l, classes: [bus] } ]
                """));
        for (int y = 250; y >= 50; y -= 10) {
            s.car(1, 100, y).at(2, "bus", 300, y, 60, 40).frame();
        }
        assertThat(s.crossings()).singleElement().satisfies(c -> assertThat(c.label()).isEqualTo("bus"));
    }
}
