package org.citywatch.analytics.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citywatch.analytics.scene.NormPoint;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraKind;
import org.junit.jupiter.api.Test;

/** Scenes and rules as configured: every mistake is refused with its path; a camera's bad scene costs only it. */
class RuleFactoryTest {

    private static final String ZONES = """
            zones:
              - { id: road, kind: road, polygon: [[0, 0.5], [1, 0.5], [1, 1], [0, 1]] }
              - { id: plaza, kind: plaza, polygon: [[0, 0], [1, 0], [1, 0.4]] }
            lines: [ { id: l1, from: [0, 0.7], to: [1, 0.7] } ]
            """;

    private static void refused(String yaml, String... fragments) {
        assertThatThrownBy(() -> SceneYaml.rules(yaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(fragments);
    }

    @Test
    void aFullSceneMakesEveryRuleWithItsIdAndOutline() {
        CameraRules r = SceneYaml.rules(ZONES + """
                rules:
                  - { type: crowd, zone: plaza, minPersons: 5 }
                  - { type: count, line: l1 }
                  - { type: congestion, zone: road, minVehicles: 5, maxSpeedPxS: 4 }
                  - { type: loitering, zone: plaza, id: plaza-loiter }
                """);
        assertThat(r.rules()).extracting(Rule::id)
                .containsExactly("crowd@plaza", "count@l1", "congestion@road", "plaza-loiter");
        assertThat(r.outlines().apply("plaza")).hasSize(3);
        assertThat(r.outlines().apply("l1")).containsExactly(new NormPoint(0, 0.7), new NormPoint(1, 0.7));
        assertThat(r.outlines().apply("")).isEmpty();
    }

    @Test
    void aTamperRuleIsAViewRuleWithItsChecks() {
        try (CameraRules r = SceneYaml.rules(ZONES + """
                rules:
                  - { type: count, line: l1 }
                  - { type: tamper, checks: [covered, frozen], minSeconds: 5, severity: P1 }
                """)) {
            assertThat(r.rules()).extracting(Rule::id).containsExactly("count@l1");
            assertThat(r.viewRules()).extracting(Rule::id).containsExactly("tamper");
            assertThat(r.viewRules().getFirst()).isInstanceOf(TamperRule.class);
        }
        refused("rules: [ { type: tamper, checks: [smudged] } ]", "scene.rules[0].checks", "unknown tamper check");
        refused("rules: [ { type: tamper, zone: road } ]", "scene.rules[0]", "unknown key", "zone");
        refused("rules: [ { type: tamper }, { type: tamper, id: t2 } ]", "one tamper rule per camera");
    }

    @Test
    void mistakesNameTheirPath() {
        refused(ZONES + "rules: [ { type: crowd, zone: plaza, minPersns: 5 } ]", "scene.rules[0]", "minPersns");
        refused(ZONES + "rules: [ { type: crowd, zone: park } ]", "scene.rules[0].zone", "no zone 'park'", "plaza");
        refused(ZONES + "rules: [ { type: fire } ]", "scene.rules[0].type", "unknown rule type 'fire'");
        refused(ZONES + "rules: [ { type: congestion, zone: plaza } ]", "zone 'plaza' is plaza", "road");
        refused(ZONES + "rules: [ { type: wrong-way, zone: road } ]", "has no direction");
        refused(ZONES + "rules: [ { type: congestion, zone: road, maxSpeedMps: 2 } ]", "metresAcross");
        refused(ZONES + "rules: [ { type: crowd, zone: plaza, minDensity: 2 } ]", "needs a zone with areaM2");
        refused(ZONES + "rules: [ { type: crowd, severity: P9 } ]", "severity", "P1..P4");
        refused(ZONES + "rules: [ { type: count, line: l1 }, { type: count, line: l1 } ]", "used twice");
        refused("zones: [ { id: z, kind: road, polygon: [[0, 0], [1, 1]] } ]", "scene.zones[0]", "3 corners");
        refused("zones: [ { id: z, kind: lawn, polygon: [[0, 0], [1, 0], [1, 1]] } ]", "scene.zones[0].kind");
        refused("zones: [ { id: z, polygon: [[0, 0], [1.5, 0], [1, 1]] } ]", "scene.zones[0].polygon[1]");
        refused("lines: [ { id: l, from: [0, 0], to: [0, 0] } ]", "two different points");
        refused("colour: red", "unknown key", "colour");
    }

    @Test
    void aCameraWithABadSceneGetsNoRulesAndTheOthersKeepTheirs() {
        ConfiguredSceneRules rules = new ConfiguredSceneRules(SceneYaml.map("rules: [ { type: crowd, minPersons: 3 } ]"));
        Camera plain = camera("plain", Map.of());
        Camera own = camera("own", SceneYaml.map(ZONES + "rules: [ { type: count, line: l1 } ]"));
        Camera bad = camera("bad", SceneYaml.map("rules: [ { type: crowd, zone: nowhere } ]"));
        assertThat(rules.rulesFor(plain).rules()).extracting(Rule::id).containsExactly("crowd@view");
        assertThat(rules.rulesFor(own).rules()).extracting(Rule::id).containsExactly("count@l1");
        assertThat(rules.rulesFor(bad).rules()).isEmpty();
        assertThat(rules.rulesFor(bad)).isSameAs(CameraRules.NONE);
    }

    @Test
    void aBadDefaultSceneIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new ConfiguredSceneRules(SceneYaml.map("rules: [ { type: crowd, minPersons: 0 } ]")))
                .hasMessageContaining("analytics.defaultScene.rules[0].minPersons");
    }

    private static Camera camera(String id, Map<String, Object> scene) {
        return new Camera(id, id, "rtsp://10.0.0.1/" + id, Optional.empty(), CameraKind.TRAFFIC, "District 1",
                "", 10.7, 106.7, java.util.Set.of(), scene);
    }
}
