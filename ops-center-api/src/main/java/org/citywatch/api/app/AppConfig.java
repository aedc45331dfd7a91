package org.citywatch.api.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.analytics.pipeline.AnalyticsSettings;
import org.citywatch.analytics.rules.CrowdRule;
import org.citywatch.ingest.camera.CameraList;
import org.citywatch.ingest.decode.DecodePolicy;

/**
 * The whole configuration of one CityWatch process, read from YAML. Every key has an embedded default;
 * an unknown key is an error (a typo must not pass silently); a malformed camera entry is reported and
 * skipped, and never stops the others.
 *
 * <pre>
 * server:    { host: 0.0.0.0, port: 8080 }
 * ingest:    { decode: all }     # RTSP cameras: all | keyframes (one per 10 s) | keyframes:SECONDS
 * analytics: { model: yolox_nano, framesPerSecond: 2, workers: 1, intraOpThreads: 1,
 *              crowd: { minPersons: 4, minSeconds: 2, holdSeconds: 5, cooldownSeconds: 60, severity: P3 } }
 * alerts:    { maxAlerts: 10000, maxSnapshotMiB: 256 }
 * cameras:   [ ... ]            # see CameraList; or camerasFile: cameras.yaml / cameras.csv,
 *                                # watched: edits apply at run time
 * </pre>
 */
public record AppConfig(String host, int port, String model, AnalyticsSettings analytics, int maxAlerts,
                        long maxSnapshotBytes, CameraList cameras, Optional<Path> camerasFile, DecodePolicy rtspDecode) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public AppConfig withPort(int newPort) {
        return new AppConfig(host, newPort, model, analytics, maxAlerts, maxSnapshotBytes, cameras, camerasFile,
                rtspDecode);
    }

    /** Reads a configuration file; a relative {@code camerasFile} is taken relative to it. */
    public static AppConfig load(Path file) throws IOException {
        JsonNode root = YAML.readTree(file.toFile());
        return fromNode(root == null ? YAML.createObjectNode() : root, file.toAbsolutePath().getParent());
    }

    /** The demo's configuration, embedded in the jar: four cameras made from the sample clips. */
    public static AppConfig demo() {
        try (InputStream in = AppConfig.class.getResourceAsStream("/citywatch/demo.yaml")) {
            if (in == null) {
                throw new IllegalStateException("the demo configuration is missing from the jar");
            }
            return fromNode(YAML.readTree(in), Path.of("."));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the demo configuration: " + e.getMessage(), e);
        }
    }

    static AppConfig fromNode(JsonNode root, Path baseDir) throws IOException {
        Section top = new Section("", root, Set.of("server", "ingest", "analytics", "alerts", "cameras", "camerasFile"));
        Section ingest = top.child("ingest", Set.of("decode"));
        Section server = top.child("server", Set.of("host", "port"));
        Section analytics = top.child("analytics", Set.of("model", "framesPerSecond", "workers", "intraOpThreads", "crowd"));
        Section crowd = analytics.child("crowd", Set.of("minPersons", "minSeconds", "holdSeconds", "cooldownSeconds", "severity"));
        Section alerts = top.child("alerts", Set.of("maxAlerts", "maxSnapshotMiB"));

        AnalyticsSettings defaults = AnalyticsSettings.defaults();
        CrowdRule.Settings crowdDefaults = defaults.crowd();
        CrowdRule.Settings crowdSettings = new CrowdRule.Settings(
                crowd.intValue("minPersons", crowdDefaults.minPersons()),
                crowd.seconds("minSeconds", crowdDefaults.minDuration()),
                crowd.seconds("holdSeconds", crowdDefaults.hold()),
                crowd.seconds("cooldownSeconds", crowdDefaults.cooldown()));
        Severity severity = parseSeverity(crowd.text("severity", defaults.crowdSeverity().name()));
        AnalyticsSettings settings = new AnalyticsSettings(
                analytics.doubleValue("framesPerSecond", defaults.framesPerSecond()),
                analytics.intValue("workers", defaults.workers()),
                analytics.intValue("intraOpThreads", defaults.intraOpThreads()),
                crowdSettings, severity, defaults.latestImageInterval());

        int port = server.intValue("port", 8080);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("server.port must be 0..65535, got " + port);
        }
        CameraList cameras;
        Optional<Path> camerasFile = Optional.empty();
        if (root.has("camerasFile")) {
            camerasFile = Optional.of(baseDir.resolve(root.get("camerasFile").asText()).toAbsolutePath());
            cameras = CameraList.read(camerasFile.get());
        } else {
            cameras = CameraList.fromNode(root.path("cameras"));
        }
        int maxAlerts = alerts.intValue("maxAlerts", 10_000);
        long maxSnapshotBytes = alerts.intValue("maxSnapshotMiB", 256) * 1024L * 1024L;
        if (maxAlerts < 1 || maxSnapshotBytes < 1) {
            throw new IllegalArgumentException("alerts.maxAlerts and alerts.maxSnapshotMiB must be positive");
        }
        return new AppConfig(server.text("host", "0.0.0.0"), port, analytics.text("model", "yolox_nano"), settings,
                maxAlerts, maxSnapshotBytes, cameras, camerasFile, parseDecode(ingest.text("decode", "all")));
    }

    /**
     * How RTSP cameras are decoded: {@code all} (every picture: what analytics needs while it analyses
     * every camera), {@code keyframes} (one keyframe every 10 s: thumbnails only), or {@code keyframes:S}.
     */
    static DecodePolicy parseDecode(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.equals("all")) {
            return new DecodePolicy.All();
        }
        if (v.equals("keyframes")) {
            return DecodePolicy.thumbnailDefault();
        }
        if (v.startsWith("keyframes:")) {
            try {
                double seconds = Double.parseDouble(v.substring("keyframes:".length()));
                if (seconds >= 0 && seconds <= 3600) {
                    return new DecodePolicy.KeyframesEvery(Duration.ofMillis(Math.round(seconds * 1000)));
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new IllegalArgumentException("ingest.decode must be all, keyframes or keyframes:SECONDS, got " + s);
    }

    private static Severity parseSeverity(String s) {
        try {
            return Severity.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("analytics.crowd.severity must be one of P1..P4, got " + s);
        }
    }

    /** A mapping in the YAML whose keys are checked against what this version understands. */
    private record Section(String path, JsonNode node) {

        Section(String path, JsonNode node, Set<String> known) {
            this(path, node);
            if (!node.isMissingNode() && !node.isObject()) {
                throw new IllegalArgumentException((path.isEmpty() ? "the configuration" : path) + " must be a mapping");
            }
            List<String> unknown = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    unknown.add(prefix() + key);
                }
            }
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown configuration key(s) " + unknown + "; known here: " + known);
            }
        }

        Section child(String key, Set<String> known) {
            return new Section(prefix() + key, node.path(key), known);
        }

        private String prefix() {
            return path.isEmpty() ? "" : path + ".";
        }

        int intValue(String key, int fallback) {
            JsonNode v = node.path(key);
            if (v.isMissingNode() || v.isNull()) {
                return fallback;
            }
            if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                throw new IllegalArgumentException(prefix() + key + " must be a whole number, got " + v);
            }
            return v.intValue();
        }

        double doubleValue(String key, double fallback) {
            JsonNode v = node.path(key);
            if (v.isMissingNode() || v.isNull()) {
                return fallback;
            }
            if (!v.isNumber()) {
                throw new IllegalArgumentException(prefix() + key + " must be a number, got " + v);
            }
            return v.doubleValue();
        }

        Duration seconds(String key, Duration fallback) {
            JsonNode v = node.path(key);
            return v.isMissingNode() || v.isNull() ? fallback
                    : Duration.ofMillis(Math.round(doubleValue(key, 0) * 1000));
        }

        String text(String key, String fallback) {
            JsonNode v = node.path(key);
            return v.isMissingNode() || v.isNull() ? fallback : v.asText();
        }
    }
}
