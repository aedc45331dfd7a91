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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.citywatch.analytics.detect.ExecutionDevice;
import org.citywatch.analytics.pipeline.AnalyticsSettings;
import org.citywatch.analytics.schedule.SchedulerSettings;
import org.citywatch.api.server.UiSettings;
import org.citywatch.api.auth.AuditSettings;
import org.citywatch.api.auth.SecuritySettings;
import org.citywatch.api.integrations.IntegrationSettings;
import org.citywatch.api.push.PushSettings;
import org.citywatch.ingest.camera.CameraList;
import org.citywatch.ingest.decode.DecodePolicy;

/**
 * The whole configuration of one CityWatch process, read from YAML. Every key has an embedded default;
 * an unknown key is an error (a typo must not pass silently); a malformed camera entry is reported and
 * skipped, and never stops the others.
 *
 * <pre>
 * server:    { host: 0.0.0.0, port: 8080 }
 * ingest:    { decode: keyframes }  # RTSP cameras not analysed now: keyframes (one per 10 s) | keyframes:SECONDS
 *                                  # | all; the scheduler switches analysed cameras to all
 * analytics: { model: yolox_nano, maxConcurrentStreams: 50, targetFps: 5, minFps: 0.5, patrolDwellSeconds: 20,
 *              pinned: [cam-1], workers: 0 (one per core), intraOpThreads: 1, device: cpu | cuda | cuda:N,
 *              analysisWidth: model | 0 (frame size) | PIXELS, motionGate: true,
 *              defaultScene: { zones: [...], rules: [...] } }  # for cameras without a scene of their own
 *                                                              # (format: analytics/SCENE.md)
 * alerts:    { ... }                # see AlertsConfig
 * ui:        { tileUrl: "https://tiles.city/{z}/{x}/{y}.png", attribution: "...", center: [10.77, 106.70], zoom: 12 }
 * integrations: { mqtt: {...}, webhooks: [...], cap: {...} }   # see IntegrationsConfig
 * push:      { replayEvents: 10000, replayMinutes: 15, clientQueueKiB: 512, maxBehindSeconds: 10,
 *              maxStreamsPerUser: 8 }
 *                                # live push: events kept for clients that reconnect (whichever bound is
 *                                # reached first); bytes queued per client; a client that falls behind
 *                                # catches up from those events, or is dropped after maxBehindSeconds;
 *                                # open streams per signed-in user (the next one is refused)
 * cameras:   [ ... ]            # see CameraList; or camerasFile: cameras.yaml / cameras.csv,
 *                                # watched: edits apply at run time
 * security:  { enabled: true, users: [ {name, role, passwordHash} ], usersFile, jwtSecret, tokenHours: 12 }
 *                                # see SecuritySettings; no section: on, and start-up refuses without users
 * </pre>
 */
public record AppConfig(String host, int port, String model, AnalyticsSettings analytics, boolean analysisAtModelWidth,
                        Map<String, Object> defaultScene, AlertsConfig alerts, CameraList cameras,
                        Optional<Path> camerasFile, DecodePolicy rtspDecode, UiSettings ui,
                        SecuritySettings security, IntegrationSettings integrations, PushSettings push,
                        AuditSettings audit) {

    private static final ObjectMapper YAML = AppConfigJson.MAPPER;

    public AppConfig withPort(int newPort) {
        return new AppConfig(host, newPort, model, analytics, analysisAtModelWidth, defaultScene, alerts, cameras,
                camerasFile, rtspDecode, ui, security, integrations, push, audit);
    }

    public AppConfig withSecurity(SecuritySettings newSecurity) {
        return new AppConfig(host, port, model, analytics, analysisAtModelWidth, defaultScene, alerts, cameras,
                camerasFile, rtspDecode, ui, newSecurity, integrations, push, audit);
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
        ConfigSection top = new ConfigSection("", root, Set.of("server", "ingest", "analytics", "alerts", "cameras",
                "camerasFile", "ui", "security", "integrations", "push", "audit"));
        ConfigSection ingest = top.child("ingest", Set.of("decode"));
        ConfigSection server = top.child("server", Set.of("host", "port"));
        ConfigSection analytics = top.child("analytics", Set.of("model", "maxConcurrentStreams", "targetFps", "minFps",
                "patrolDwellSeconds", "pinned", "workers", "intraOpThreads", "device", "analysisWidth", "motionGate",
                "defaultScene", "liveViews"));
        AlertsConfig alertsConfig = AlertsConfig.parse(top.child("alerts", Set.of("maxAlerts", "store", "redis",
                "evidence", "clip", "cooldownSeconds", "updateSeconds", "offlineGraceSeconds", "offlineSeverity")),
                baseDir);
        IntegrationSettings integrations = IntegrationsConfig.parse(top.child("integrations",
                Set.of("mqtt", "webhooks", "cap")));
        Map<String, Object> defaultScene = analytics.tree("defaultScene");
        PushSettings push = pushSettings(top.child("push", Set.of("replayEvents", "replayMinutes", "clientQueueKiB",
                "maxBehindSeconds", "maxStreamsPerUser")));

        AnalyticsSettings defaults = AnalyticsSettings.defaults();
        SchedulerSettings scheduleDefaults = defaults.schedule();
        SchedulerSettings schedule = new SchedulerSettings(
                analytics.intValue("maxConcurrentStreams", scheduleDefaults.maxConcurrentStreams()),
                analytics.doubleValue("targetFps", scheduleDefaults.targetFps()),
                analytics.seconds("patrolDwellSeconds", scheduleDefaults.patrolDwell()),
                analytics.doubleValue("minFps", Math.min(scheduleDefaults.minFps(),
                        analytics.doubleValue("targetFps", scheduleDefaults.targetFps()))));
        String width = analytics.text("analysisWidth", "model");
        boolean atModelWidth = width.equalsIgnoreCase("model");
        AnalyticsSettings settings = new AnalyticsSettings(schedule,
                analytics.intValue("workers", defaults.workers()),
                analytics.intValue("intraOpThreads", defaults.intraOpThreads()),
                ExecutionDevice.parse(analytics.text("device", defaults.device().toString())),
                atModelWidth ? 0 : analytics.intValue("analysisWidth", 0),
                analytics.bool("motionGate", defaults.motionGate()), defaults.motion(), defaults.motionForceEvery(),
                defaults.tracker(), analytics.strings("pinned"), defaults.latestImageInterval(),
                analytics.intValue("liveViews", defaults.liveViews()));

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
        return new AppConfig(server.text("host", "0.0.0.0"), port, analytics.text("model", "yolox_nano"), settings,
                atModelWidth, defaultScene, alertsConfig, cameras, camerasFile,
                parseDecode(ingest.text("decode", "keyframes")),
                parseUi(top.child("ui", Set.of("tileUrl", "attribution", "center", "zoom"))),
                SecurityConfig.parse(top, baseDir), integrations, push,
                auditSettings(top.child("audit", Set.of("file", "maxMiB", "keep")), baseDir));
    }

    /** The dashboard's map: {@code ui: { tileUrl, attribution, center: [lat, lon], zoom }}. */
    static UiSettings parseUi(ConfigSection ui) {
        String tiles = ui.text("tileUrl", "").strip();
        List<String> center = ui.strings("center");
        Optional<double[]> c = Optional.empty();
        if (!center.isEmpty()) {
            try {
                c = Optional.of(new double[] {Double.parseDouble(center.get(0)), Double.parseDouble(center.get(1))});
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("ui.center must be [latitude, longitude], got " + center);
            }
            if (center.size() != 2) {
                throw new IllegalArgumentException("ui.center must be [latitude, longitude], got " + center);
            }
        }
        return new UiSettings(tiles.isEmpty() ? Optional.empty() : Optional.of(tiles), ui.text("attribution", ""), c,
                ui.intValue("zoom", UiSettings.defaults().zoom()));
    }

    /** {@code audit: { file, maxMiB, keep }}: see {@link AuditSettings}; the file is relative to the configuration. */
    static AuditSettings auditSettings(ConfigSection audit, Path baseDir) {
        String file = audit.text("file", "citywatch-data/audit.jsonl");
        return new AuditSettings(audit.intValue("keep", AuditSettings.DEFAULT_KEEP),
                file.isBlank() ? Optional.empty() : Optional.of(baseDir.resolve(file).toAbsolutePath().normalize()),
                (long) (audit.doubleValue("maxMiB", AuditSettings.DEFAULT_MAX_BYTES >> 20) * (1 << 20)));
    }

    private static PushSettings pushSettings(ConfigSection push) {
        PushSettings d = PushSettings.defaults();
        double minutes = push.doubleValue("replayMinutes", d.replayAge().toSeconds() / 60.0);
        if (!(minutes > 0) || minutes > 24 * 60) {
            throw new IllegalArgumentException("push.replayMinutes must be above 0 and at most 1440, got " + minutes);
        }
        int kib = push.intValue("clientQueueKiB", d.clientQueueBytes() / 1024);
        if (kib < 16 || kib > 64 * 1024) {
            throw new IllegalArgumentException("push.clientQueueKiB must be 16..65536, got " + kib);
        }
        Duration behind = push.seconds("maxBehindSeconds", d.maxBehind());
        if (behind.toMillis() < 100 || behind.toMinutes() > 60) {
            throw new IllegalArgumentException("push.maxBehindSeconds must be 0.1..3600, got "
                    + behind.toMillis() / 1000.0);
        }
        int streams = push.intValue("maxStreamsPerUser", d.maxStreamsPerUser());
        if (streams < 1 || streams > 1000) {
            throw new IllegalArgumentException("push.maxStreamsPerUser must be 1..1000, got " + streams);
        }
        return d.withReplay(push.intValue("replayEvents", d.replayEvents()),
                Duration.ofMillis(Math.round(minutes * 60_000))).withClientQueueBytes(kib * 1024).withMaxBehind(behind)
                .withMaxStreamsPerUser(streams);
    }

    /**
     * How RTSP cameras are decoded while analytics does not analyse them: {@code keyframes} (one keyframe every
     * 10 s: thumbnails), {@code keyframes:S}, or {@code all} (every picture, whatever analytics does).
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
}
