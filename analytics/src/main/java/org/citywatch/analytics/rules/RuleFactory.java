package org.citywatch.analytics.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.analytics.scene.CountLine;
import org.citywatch.analytics.scene.Scene;
import org.citywatch.analytics.scene.SceneParser;
import org.citywatch.analytics.scene.Tree;
import org.citywatch.analytics.scene.Zone;
import org.citywatch.analytics.scene.ZoneKind;
import org.citywatch.analytics.tamper.TamperKind;
import org.citywatch.analytics.tamper.TamperSettings;

/**
 * Makes a camera's rules from its scene's {@code rules:} list (the format is in analytics/SCENE.md). Every rule is
 * checked against the scene (its zone exists and is of a kind the rule can use) and every error names its path.
 */
public final class RuleFactory {

    /** The rule types, as written in {@code type:}. */
    public static final Set<String> TYPES = new LinkedHashSet<>(List.of("crowd", "count", "congestion",
            "stopped-vehicle", "wrong-way", "intrusion", "loitering", "tamper"));

    private static final Set<String> COMMON = Set.of("type", "id", "zone", "severity");

    private RuleFactory() {
    }

    /** The scene and its rules, fresh. @throws IllegalArgumentException naming the path of the first bad entry */
    public static CameraRules create(Tree sceneTree) {
        Scene scene = SceneParser.parse(sceneTree);
        List<Rule> rules = new ArrayList<>();
        List<Rule> viewRules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Tree r : sceneTree.children("rules")) {
            Rule rule = r.text("type").equalsIgnoreCase("tamper") ? tamper(r) : rule(r, scene);
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException(r.path() + ": rule id '" + rule.id()
                        + "' is used twice (give one of them an id:)");
            }
            (rule instanceof TamperRule ? viewRules : rules).add(rule);
        }
        if (viewRules.size() > 1) {
            throw new IllegalArgumentException(sceneTree.path() + ".rules: one tamper rule per camera is enough");
        }
        return new CameraRules(rules, viewRules, scene::outline);
    }

    private static Rule rule(Tree r, Scene scene) {
        String type = r.text("type").toLowerCase(Locale.ROOT);
        return switch (type) {
            case "crowd" -> crowd(r.only(keys("minPersons", "minDensity", "minSeconds", "holdSeconds")), scene);
            case "count" -> count(r.only(Set.of("type", "id", "line", "classes")), scene);
            case "congestion" -> congestion(r.only(keys("minVehicles", "maxSpeedPxS", "maxSpeedMps", "minSeconds",
                    "holdSeconds")), scene);
            case "stopped-vehicle" -> {
                r.only(keys("minSeconds", "holdSeconds"));
                Zone z = zone(r, scene, ZoneKind.NO_STOPPING, ZoneKind.ROAD);
                yield new StoppedVehicleRule(id(r, type, z.id()), z, nanos(r, "minSeconds", 60),
                        nanos(r, "holdSeconds", 5), severity(r, Severity.P2));
            }
            case "wrong-way" -> {
                r.only(keys("minDistance", "holdSeconds"));
                Zone z = zone(r, scene, ZoneKind.ROAD);
                if (z.direction().isEmpty()) {
                    throw new IllegalArgumentException(r.at("zone") + ": zone '" + z.id()
                            + "' has no direction: a wrong-way rule needs the zone's allowed direction");
                }
                yield new WrongWayRule(id(r, type, z.id()), z, r.number("minDistance", 0.1, 0.01, 1),
                        nanos(r, "holdSeconds", 5), severity(r, Severity.P1));
            }
            case "intrusion" -> dwell(r, scene, AlertType.INTRUSION, type,
                    List.of(SceneObjects.PERSON), 1, Severity.P2, ZoneKind.RESTRICTED);
            case "loitering" -> dwell(r, scene, AlertType.LOITERING, type,
                    List.of(SceneObjects.PERSON), 120, Severity.P3, ZoneKind.values());
            default -> throw new IllegalArgumentException(r.at("type") + ": unknown rule type '" + type
                    + "'; known: " + TYPES);
        };
    }

    /** {@code { type: tamper, checks: [covered, blurred, frozen, shifted], minSeconds: 10, frozenSeconds: 30 }}. */
    private static Rule tamper(Tree r) {
        r.only(Set.of("type", "id", "severity", "checks", "minSeconds", "frozenSeconds", "holdSeconds",
                "relearnMinutes"));
        TamperSettings d = TamperSettings.defaults();
        Set<TamperKind> checks = EnumSet.noneOf(TamperKind.class);
        for (String c : r.strings("checks", d.checks().stream().map(TamperKind::configName).toList())) {
            try {
                checks.add(TamperKind.parse(c));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(r.at("checks") + ": " + e.getMessage());
            }
        }
        TamperSettings settings = new TamperSettings(checks, nanos(r, "minSeconds", d.minNanos() / 1e9),
                nanos(r, "frozenSeconds", d.frozenNanos() / 1e9), nanos(r, "holdSeconds", d.holdNanos() / 1e9),
                Duration.ofMinutes(r.whole("relearnMinutes", (int) (d.relearnNanos() / 60_000_000_000L), 1, 1440))
                        .toNanos());
        return new TamperRule(r.text("id", "tamper"), settings, severity(r, Severity.P2));
    }

    private static Rule crowd(Tree r, Scene scene) {
        Optional<Zone> zone = r.has("zone") ? Optional.of(zone(r, scene, ZoneKind.values())) : Optional.empty();
        CrowdRule.Threshold threshold;
        if (r.has("minDensity")) {
            if (r.has("minPersons")) {
                throw new IllegalArgumentException(r.path() + ": give minPersons or minDensity, not both");
            }
            if (zone.flatMap(Zone::areaM2).isEmpty()) {
                throw new IllegalArgumentException(r.at("minDensity") + " needs a zone with areaM2");
            }
            threshold = new CrowdRule.Threshold.Density(r.number("minDensity", 1, 0.001, 100));
        } else {
            threshold = new CrowdRule.Threshold.Count(r.whole("minPersons", 10, 1, 10_000));
        }
        return new CrowdRule(id(r, "crowd", zone.map(Zone::id).orElse("view")), zone, threshold,
                nanos(r, "minSeconds", 10), nanos(r, "holdSeconds", 10), severity(r, Severity.P3));
    }

    private static Rule count(Tree r, Scene scene) {
        String lineId = r.text("line");
        CountLine line = scene.lines().get(lineId);
        if (line == null) {
            throw new IllegalArgumentException(r.at("line") + ": no line '" + lineId + "' in the scene; lines: "
                    + scene.lines().keySet());
        }
        return new LineCountRule(id(r, "count", lineId), line,
                Set.copyOf(r.strings("classes", List.copyOf(SceneObjects.VEHICLES))));
    }

    private static Rule congestion(Tree r, Scene scene) {
        Zone z = zone(r, scene, ZoneKind.ROAD);
        if (r.has("maxSpeedPxS") && r.has("maxSpeedMps")) {
            throw new IllegalArgumentException(r.path() + ": give maxSpeedPxS or maxSpeedMps, not both");
        }
        SpeedLimit limit = r.has("maxSpeedMps") ? new SpeedLimit(r.number("maxSpeedMps", 0, 0, 100), true)
                : new SpeedLimit(r.number("maxSpeedPxS", 10, 0, 10_000), false);
        if (limit.metres() && scene.metresAcross().isEmpty()) {
            throw new IllegalArgumentException(r.at("maxSpeedMps") + " needs the scene's metresAcross");
        }
        return new CongestionRule(id(r, "congestion", z.id()), z, r.whole("minVehicles", 8, 1, 10_000), limit,
                scene.metresAcross(), nanos(r, "minSeconds", 30), nanos(r, "holdSeconds", 15),
                severity(r, Severity.P3));
    }

    private static Rule dwell(Tree r, Scene scene, AlertType type, String name, List<String> classes,
                              double minSeconds, Severity severity, ZoneKind... kinds) {
        r.only(keys("classes", "minSeconds", "holdSeconds"));
        Zone z = zone(r, scene, kinds);
        return new DwellRule(id(r, name, z.id()), type, z, Set.copyOf(r.strings("classes", classes)),
                nanos(r, "minSeconds", minSeconds), nanos(r, "holdSeconds", 5), severity(r, severity));
    }

    private static Zone zone(Tree r, Scene scene, ZoneKind... kinds) {
        String id = r.text("zone");
        Zone z = scene.zones().get(id);
        if (z == null) {
            throw new IllegalArgumentException(r.at("zone") + ": no zone '" + id + "' in the scene; zones: "
                    + scene.zones().keySet());
        }
        if (!List.of(kinds).contains(z.kind())) {
            throw new IllegalArgumentException(r.at("zone") + ": zone '" + id + "' is " + z.kind().configName()
                    + "; this rule needs " + List.of(kinds).stream().map(ZoneKind::configName).toList());
        }
        return z;
    }

    private static Set<String> keys(String... extra) {
        Set<String> s = new HashSet<>(COMMON);
        s.addAll(List.of(extra));
        return s;
    }

    private static String id(Tree r, String type, String where) {
        return r.text("id", type + "@" + where);
    }

    private static long nanos(Tree r, String key, double fallbackSeconds) {
        Duration d = r.seconds(key, fallbackSeconds, 24 * 3600);
        return d.toNanos();
    }

    private static Severity severity(Tree r, Severity fallback) {
        String s = r.text("severity", fallback.name());
        try {
            return Severity.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(r.at("severity") + " must be one of P1..P4, got " + s);
        }
    }
}
