package org.citywatch.api.app;

import org.citywatch.analytics.alert.AlertStore;
import org.citywatch.analytics.alert.AlertWorkflow;
import org.citywatch.analytics.alert.DiskEvidenceStore;
import org.citywatch.analytics.alert.EvidenceStore;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.analytics.alert.redis.RedisAlertStore;
import org.citywatch.analytics.alert.redis.RedisAlertStoreSettings;
import org.citywatch.analytics.incident.CameraOfflineMonitor;
import org.citywatch.analytics.incident.Incidents;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.citywatch.analytics.counts.VehicleCounts;
import org.citywatch.analytics.scene.Scene;
import org.citywatch.analytics.scene.SceneParser;
import org.citywatch.analytics.scene.Tree;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.analytics.rules.ConfiguredSceneRules;
import org.citywatch.analytics.rules.SceneRules;
import org.citywatch.api.auth.AuditLog;
import org.citywatch.api.auth.AuditTrail;
import org.citywatch.api.auth.Security;
import org.citywatch.api.integrations.CapExport;
import org.citywatch.api.integrations.CapRoutes;
import org.citywatch.api.integrations.Integrations;
import org.citywatch.api.server.AlertServices;
import org.citywatch.analytics.detect.ExecutionDevice;
import org.citywatch.analytics.detect.OnnxDetector;
import org.citywatch.analytics.pipeline.AnalyticsPipeline;
import org.citywatch.analytics.pipeline.AnalyticsSettings;
import org.citywatch.analytics.pipeline.DecodeControl;
import org.citywatch.analytics.pipeline.MediaHubDecodeControl;
import org.citywatch.api.server.ApiServer;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.ModelDescriptor;
import org.citywatch.ingest.camera.CameraListWatcher;
import org.citywatch.ingest.clip.ClipRecorder;
import org.citywatch.ingest.clip.ClipSettings;
import org.citywatch.ingest.source.CameraFleet;
import org.citywatch.ingest.source.CameraSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One whole CityWatch process: cameras → ingest → analytics → alerts → API. Starts in the order that
 * fails fastest: the model first (a missing model stops start-up with every place it looked), then the
 * store, the server, and last the cameras.
 */
public final class CityWatchApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CityWatchApp.class);

    private final AlertStore alerts;
    private final Integrations integrations;
    private final EvidenceStore evidence;
    private final CameraOfflineMonitor offline;
    private final java.util.concurrent.ScheduledExecutorService healthTimer;
    private final AnalyticsPipeline analytics;
    private final CameraSources sources;
    private final ClipRecorder clips;
    private final CameraFleet fleet;
    private final ApiServer server;
    private final int port;
    private final CameraListWatcher watcher;
    private final Security security;
    private final AuditTrail auditTrail;
    private final FleetChanges changes;

    private CityWatchApp(AppConfig config, AssetResolver assets, UnaryOperator<AlertStore> storeWrapper) {
        for (String error : config.cameras().errors()) {
            log.warn("Camera list: {}", error);
        }
        // First: a server that nobody could sign in to (or with a broken users file) is refused before anything
        // slow has started.
        try {
            security = Security.open(config.security());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the users file: " + e.getMessage(), e);
        }
        auditTrail = config.audit().open();
        log.info("Audit trail: {} ({} entries held)", config.audit().file().map(Object::toString)
                .orElse("in memory only"), auditTrail.size());
        ModelDescriptor model = ModelDescriptor.load(config.model());
        AnalyticsSettings settings = config.analytics();
        if (config.analysisAtModelWidth()) {
            // Frames are decoded and scaled once, to the width the model takes: no full-size copy per frame.
            settings = settings.withAnalysisWidth(model.input().width());
        }
        int threads = settings.intraOpThreads();
        ExecutionDevice device = settings.device();
        // A bad default scene stops start-up here, before anything is started; a camera's own bad scene only
        // costs that camera its rules (logged once with its id).
        SceneRules sceneRules = new ConfiguredSceneRules(config.defaultScene());
        config.cameras().cameras().forEach(sceneRules::rulesFor);
        AlertsConfig ac = config.alerts();
        alerts = storeWrapper.apply(openStore(ac));
        try {
            evidence = new DiskEvidenceStore(ac.evidenceDir(), ac.evidenceMaxBytes(), ac.evidenceMaxAge());
        } catch (java.io.IOException e) {
            alerts.close();
            throw new IllegalStateException("cannot use the evidence directory " + ac.evidenceDir() + ": "
                    + e.getMessage(), e);
        }
        log.info("Alerts: {} store, evidence in {} (at most {} MiB, {} h)", ac.redisStore() ? "Redis" : "in-memory",
                ac.evidenceDir(), ac.evidenceMaxBytes() >> 20, ac.evidenceMaxAge().toHours());
        // MQTT and webhooks hear the store from here on; a broker or endpoint that is down is no error (they queue
        // and retry). With the Redis store every node hears every event: enable them on one node.
        integrations = Integrations.start(config.integrations(), alerts);
        VehicleCounts counts = VehicleCounts.defaults();
        CameraSources.Settings defaults = CameraSources.Settings.defaults();
        sources = new CameraSources(assets, new CameraSources.Settings(defaults.initialBackoff(), defaults.maxBackoff(),
                defaults.slowRetry(), defaults.stall(), config.rtspDecode(), settings.analysisWidth()));
        // Evidence clips: ingest keeps a pre-event buffer of coded video for every analysed camera (switched with
        // its decoding below) and remuxes a clip around an alert's start. Made before any camera starts.
        ClipSettings cs = ClipSettings.defaults();
        clips = new ClipRecorder(sources.media(), new ClipSettings(ac.clipBefore().plusSeconds(2), cs.bufferBytes(),
                cs.maxRecordings(), cs.maxClipBytes(), cs.maxClipDuration(), ac.clipBefore(), ac.clipAfter(),
                cs.noMediaTimeout()));
        Incidents incidents = new Incidents(ac.incidents(), alerts, evidence, clips::record);
        offline = new CameraOfflineMonitor(incidents);
        // Analysed RTSP cameras are decoded in full; the others fall back to the configured (thumbnail) policy.
        // (keyframes only while the granted rate is at most the camera's keyframe rate).
        java.util.concurrent.atomic.AtomicReference<CameraFleet> fleetRef = new java.util.concurrent.atomic.AtomicReference<>();
        MediaHubDecodeControl decoding = new MediaHubDecodeControl(sources.media(), config.rtspDecode(),
                id -> java.util.Optional.ofNullable(fleetRef.get()).flatMap(f -> f.get(id))
                        .flatMap(e -> e.health().keyframeInterval()));
        DecodeControl decode = decoding.alsoOnAnalysing(clips::keep);
        try {
            analytics = new AnalyticsPipeline(settings, () -> OnnxDetector.open(model, assets, threads, device),
                    incidents, sceneRules, counts, decode);
        } catch (RuntimeException e) {
            clips.close();
            sources.close();
            integrations.close();
            throw e;
        }
        fleet = new CameraFleet(sources, analytics);
        fleetRef.set(fleet);
        Map<String, Object> defaultScene = config.defaultScene();
        changes = new FleetChanges(fleet, analytics, sources);
        server = new ApiServer(fleet, analytics, new AlertServices(alerts, evidence, new AlertWorkflow(alerts)), counts,
                camera -> sceneOf(camera, defaultScene), config.ui(), security, changes, config.push(),
                new AuditLog(auditTrail));
        server.addRoutes(new CapRoutes(alerts, server.storeCalls(), new CapExport(config.integrations().cap()),
                id -> fleet.get(id).map(CameraFleet.Entry::camera))::register);
        server.metrics().integrations(integrations);
        try {
            port = server.start(config.host(), config.port());
        } catch (RuntimeException e) {
            analytics.close();
            clips.close();
            sources.close();
            integrations.close();
            throw e;
        }
        analytics.setCameras(config.cameras().cameras());
        fleet.start(config.cameras().cameras());
        // A camera list in its own file is watched: added cameras start, removed ones stop, changed ones
        // restart, and nothing else is disturbed.
        watcher = config.camerasFile().map(this::watch).orElse(null);
        healthTimer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("camera-health").factory());
        healthTimer.scheduleWithFixedDelay(this::checkHealth, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /**
     * The alert store: the embedded in-memory one, or Redis shared by several nodes. Redis being down at start is
     * no error: events are journalled on disk and replayed when it answers.
     */
    private static AlertStore openStore(AlertsConfig ac) {
        if (!ac.redisStore()) {
            return new InMemoryAlertStore(ac.maxAlerts());
        }
        AlertsConfig.RedisSettings r = ac.redis();
        try {
            return RedisAlertStore.open(RedisAlertStoreSettings.of(r.uri(), r.keyPrefix(), r.streamMaxLen(), r.node(),
                    r.journalDir(), r.journalMaxBytes(), ac.maxAlerts()));
        } catch (java.io.IOException e) { // the journal directory is not writable, or another node's
            throw new IllegalStateException("cannot use the alert journal " + r.journalDir() + ": " + e.getMessage(),
                    e);
        }
    }

    /** A camera's zones and lines for the dashboard: its own scene, else the default one; none when unusable. */
    private static Scene sceneOf(Camera camera, Map<String, Object> defaultScene) {
        boolean own = !camera.scene().isEmpty();
        try {
            return SceneParser.parse(new Tree(own ? "scene" : "analytics.defaultScene",
                    own ? camera.scene() : defaultScene));
        } catch (IllegalArgumentException e) {
            return Scene.EMPTY; // the reason was logged once with the camera's id when its rules were made
        }
    }

    /** Once a second: cameras offline past the grace period raise CAMERA_OFFLINE, and end it when back. */
    private void checkHealth() {
        try {
            offline.check(fleet.snapshot().stream()
                    .map(e -> CameraOfflineMonitor.status(e.camera(), e.health())).toList(), java.time.Instant.now());
        } catch (RuntimeException e) {
            log.error("Camera health check failed; it runs again in a second", e);
        }
    }

    private CameraListWatcher watch(java.nio.file.Path file) {
        try {
            return CameraListWatcher.start(file, list -> changes.apply(list.cameras()));
        } catch (java.io.IOException e) {
            close();
            throw new IllegalStateException("cannot watch the camera list " + file + ": " + e.getMessage(), e);
        }
    }

    /** Starts everything; throws (having released what it started) when any part cannot start. */
    public static CityWatchApp start(AppConfig config, AssetResolver assets) {
        return new CityWatchApp(config, assets, UnaryOperator.identity());
    }

    /**
     * As {@link #start(AppConfig, AssetResolver)}, with the alert store seen through a wrapper: tests put a store that
     * answers slowly, or fails, behind the whole process.
     */
    static CityWatchApp start(AppConfig config, AssetResolver assets, UnaryOperator<AlertStore> storeWrapper) {
        return new CityWatchApp(config, assets, storeWrapper);
    }

    /** The alert store every part of the process uses (tests publish into it as the incident trackers do). */
    AlertStore alerts() {
        return alerts;
    }

    /** How ingest decodes a camera now (for tests: analysis and live views steer it). */
    org.citywatch.ingest.decode.DecodePolicy decodePolicy(String cameraId) {
        return sources.media().policy(cameraId);
    }

    public int port() {
        return port;
    }

    /** The server's routes, each with who may call it (the role x route and OpenAPI tests walk them). */
    public java.util.List<org.citywatch.api.auth.Route> routes() {
        return server.routes();
    }

    @Override
    public void close() {
        healthTimer.shutdownNow();
        if (watcher != null) {
            watcher.close();
        }
        fleet.close();
        clips.close();
        sources.close();
        server.close();
        analytics.close();
        integrations.close(); // after analytics (its last events still go out), before the store it listens to
        alerts.close();
        evidence.close();
        security.close();
        auditTrail.close();
    }
}
