package org.citywatch.api.app;

import org.citywatch.analytics.alert.AlertStore;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.analytics.detect.OnnxDetector;
import org.citywatch.analytics.pipeline.AnalyticsPipeline;
import org.citywatch.api.server.ApiServer;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.ModelDescriptor;
import org.citywatch.ingest.camera.CameraListWatcher;
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
    private final AnalyticsPipeline analytics;
    private final CameraSources sources;
    private final CameraFleet fleet;
    private final ApiServer server;
    private final int port;
    private final CameraListWatcher watcher;

    private CityWatchApp(AppConfig config, AssetResolver assets) {
        for (String error : config.cameras().errors()) {
            log.warn("Camera list: {}", error);
        }
        ModelDescriptor model = ModelDescriptor.load(config.model());
        int threads = config.analytics().intraOpThreads();
        alerts = new InMemoryAlertStore(config.maxAlerts(), config.maxSnapshotBytes());
        analytics = new AnalyticsPipeline(config.analytics(), () -> OnnxDetector.open(model, assets, threads), alerts);
        CameraSources.Settings defaults = CameraSources.Settings.defaults();
        sources = new CameraSources(assets, new CameraSources.Settings(defaults.initialBackoff(), defaults.maxBackoff(),
                defaults.slowRetry(), defaults.stall(), config.rtspDecode()));
        fleet = new CameraFleet(sources, analytics);
        server = new ApiServer(fleet, analytics, alerts);
        try {
            port = server.start(config.host(), config.port());
        } catch (RuntimeException e) {
            analytics.close();
            sources.close();
            throw e;
        }
        fleet.start(config.cameras().cameras());
        // A camera list in its own file is watched: added cameras start, removed ones stop, changed ones
        // restart, and nothing else is disturbed.
        watcher = config.camerasFile().map(this::watch).orElse(null);
    }

    private CameraListWatcher watch(java.nio.file.Path file) {
        try {
            return CameraListWatcher.start(file, list -> {
                CameraFleet.Change change = fleet.apply(list.cameras());
                change.stopped().forEach(id -> {
                    analytics.forget(id);
                    sources.forget(id);
                });
            });
        } catch (java.io.IOException e) {
            close();
            throw new IllegalStateException("cannot watch the camera list " + file + ": " + e.getMessage(), e);
        }
    }

    /** Starts everything; throws (having released what it started) when any part cannot start. */
    public static CityWatchApp start(AppConfig config, AssetResolver assets) {
        return new CityWatchApp(config, assets);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        fleet.close();
        sources.close();
        server.close();
        analytics.close();
        alerts.close();
    }
}
