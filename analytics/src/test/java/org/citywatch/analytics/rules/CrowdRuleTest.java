package org.citywatch.analytics.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;
import org.junit.jupiter.api.Test;

/** Crowd on synthetic persons (5 fps): count and density thresholds, min time, hold, the zone, tentative tracks. */
class CrowdRuleTest {

    /** A plaza in the left half of the frame (pixels 0..200 of 400). */
    private static final String PLAZA = """
            zones: [ { id: plaza, kind: plaza, polygon: [[0, 0], [0.5, 0], [0.5, 1], [0, 1]], areaM2: 20 } ]
            rules: [ { type: crowd, zone: plaza, minPersons: 4, minSeconds: 2, holdSeconds: 3, severity: P2 } ]
            """;

    private static Street crowd(Street s, int persons, double x0) {
        for (int i = 0; i < persons; i++) {
            s.person(i + 1, x0 + i * 20, 200);
        }
        return s;
    }

    @Test
    void firesAfterMinSecondsWithTheCountAndZone() {
        Street s = crowd(new Street(SceneYaml.rule(PLAZA)), 5, 20);
        s.frames(10);
        assertThat(s.findings().subList(0, 10)).allMatch(List::isEmpty); // 1.8 s < 2 s
        List<Finding> f = s.frame();
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo(AlertType.CROWD);
            assertThat(x.zoneId()).isEqualTo("plaza");
            assertThat(x.severity()).isEqualTo(Severity.P2);
            assertThat(x.counts()).containsEntry("persons", 5);
            assertThat(x.trackIds()).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(x.message()).contains("5 persons in plaza");
        });
    }

    @Test
    void doesNotFireBelowTheThresholdOrOutsideTheZone() {
        Street below = crowd(new Street(SceneYaml.rule(PLAZA)), 3, 20).frames(50);
        assertThat(below.framesFiring()).isZero();
        // Five persons, but on the right half: not in the plaza.
        Street outside = crowd(new Street(SceneYaml.rule(PLAZA)), 5, 220).frames(50);
        assertThat(outside.framesFiring()).isZero();
    }

    @Test
    void aDipShorterThanTheHoldDoesNotEndItAndALongerOneDoes() {
        Street s = crowd(new Street(SceneYaml.rule(PLAZA)), 5, 20).frames(15);
        assertThat(s.firing()).isTrue();
        s.gone(4).gone(5).frames(10); // 2 s below the threshold, hold is 3 s
        assertThat(s.firing()).isTrue();
        s.frames(6); // now more than 3 s
        assertThat(s.firing()).isFalse();
        // It stays ended, and a new crowd needs its own 2 s again.
        crowd(s, 5, 20).frames(5);
        assertThat(s.firing()).isFalse();
    }

    @Test
    void densityUsesTheZoneArea() {
        Rule rule = SceneYaml.rule("""
                zones: [ { id: plaza, kind: plaza, polygon: [[0, 0], [0.5, 0], [0.5, 1], [0, 1]], areaM2: 4 } ]
                rules: [ { type: crowd, zone: plaza, minDensity: 1.0, minSeconds: 0 } ]
                """);
        assertThat(crowd(new Street(rule), 3, 20).frame()).isEmpty(); // 0.75 per m²
        Street s = crowd(new Street(rule), 4, 20);
        assertThat(s.frame()).singleElement().satisfies(f -> assertThat(f.counts()).containsEntry("personsPerM2", 1.0));
    }

    @Test
    void aGapInAnalysisStartsAfresh() {
        Street s = crowd(new Street(SceneYaml.rule(PLAZA)), 5, 20).frames(8);
        s.skip(TrackRule.MAX_GAP_NANOS + 1).frames(3); // 1.6 s + 0.6 s, but not in one piece
        assertThat(s.framesFiring()).isZero();
    }

    @Test
    void withoutAZoneTheWholeViewCounts() {
        Rule rule = SceneYaml.rule("rules: [ { type: crowd, minPersons: 4, minSeconds: 0 } ]");
        assertThat(rule.id()).isEqualTo("crowd@view");
        assertThat(crowd(new Street(rule), 4, 220).frame()).singleElement()
                .satisfies(f -> assertThat(f.zoneId()).isEmpty());
    }
}
