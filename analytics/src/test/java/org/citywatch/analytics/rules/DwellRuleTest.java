package org.citywatch.analytics.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.citywatch.analytics.alert.AlertType;
import org.junit.jupiter.api.Test;

/** Intrusion and loitering on synthetic persons and vehicles (5 fps, 400x300). */
class DwellRuleTest {

    private static final String ZONES = """
            zones:
              - { id: expressway, kind: restricted, polygon: [[0, 0.5], [1, 0.5], [1, 1], [0, 1]] }
              - { id: atm, kind: sidewalk, polygon: [[0, 0], [0.3, 0], [0.3, 0.4], [0, 0.4]] }
            """;

    @Test
    void aPedestrianOnTheExpresswayIsAnIntrusionAndACarIsNot() {
        Rule rule = SceneYaml.rule(ZONES + "rules: [ { type: intrusion, zone: expressway } ]");
        Street s = new Street(rule);
        s.car(1, 100, 250).frames(20);
        assertThat(s.framesFiring()).isZero();
        s.person(2, 200, 100).frames(3); // on the verge, above the zone
        assertThat(s.framesFiring()).isZero();
        s.person(2, 200, 200).frames(6); // on the road for 1.2 s; the default is 1 s
        assertThat(s.firing()).isTrue();
        assertThat(s.findings().getLast()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(AlertType.INTRUSION);
            assertThat(f.trackIds()).containsExactly(2L);
            assertThat(f.counts()).containsEntry("persons", 1);
        });
        s.gone(2).frames(30);
        assertThat(s.firing()).isFalse();
    }

    @Test
    void classesIncludeVehiclesWhenConfigured() {
        Rule rule = SceneYaml.rule(ZONES + "rules: [ { type: intrusion, zone: expressway, classes: [person, motorcycle], minSeconds: 0 } ]");
        Street s = new Street(rule);
        s.at(1, "motorcycle", 100, 250, 20, 30).frame();
        assertThat(s.firing()).isTrue();
    }

    @Test
    void loiteringNeedsTheWholeTimeButForgivesAShortStepOut() {
        String loitering = ZONES + "rules: [ { type: loitering, zone: atm, minSeconds: 10 } ]";
        Street s = new Street(SceneYaml.rule(loitering));
        s.person(1, 50, 100).frames(30); // 6 s
        s.person(1, 200, 100).frames(5); // out for 1 s (grace is 3 s)
        s.person(1, 50, 100).frames(20); // back: 11 s since entering
        assertThat(s.firing()).isTrue();
        assertThat(s.firstFiring()).isBetween(50, 51);
        // A passer-by who walks through never loiters.
        Street passer = new Street(SceneYaml.rule(loitering));
        for (int f = 0; f < 100; f++) {
            passer.person(7, (f * 4) % 400, 100).frame();
        }
        assertThat(passer.framesFiring()).isZero();
    }

    @Test
    void steppingOutForLongerStartsTheClockAgain() {
        Rule rule = SceneYaml.rule(ZONES + "rules: [ { type: loitering, zone: atm, minSeconds: 10 } ]");
        Street s = new Street(rule);
        s.person(1, 50, 100).frames(40); // 8 s
        s.person(1, 200, 100).frames(20); // out 4 s
        s.person(1, 50, 100).frames(40); // 8 s again
        assertThat(s.framesFiring()).isZero();
    }
}
