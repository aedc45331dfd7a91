package org.citywatch.api.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertStore;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.analytics.alert.redis.RedisAlertStore;
import io.micrometer.core.instrument.FunctionCounter;
import org.citywatch.analytics.counts.VehicleCounts;
import org.citywatch.analytics.pipeline.AnalyticsPipeline;
import org.citywatch.ingest.source.CameraFleet;
import org.citywatch.ingest.source.CameraHealth;
import org.citywatch.ingest.source.CameraStatus;

/**
 * The figures Prometheus scrapes from {@code /metrics}: per camera (tagged by id and district, never by
 * URL) whether it is up, its frame rate, bitrate, packet loss and reconnects; cameras by status; alerts
 * by type and severity (every pair registered at 0 from the start); WebSocket clients (the push's own figures
 * are bound by {@link #bind}). Camera gauges are refreshed from the fleet at each scrape, so cameras added
 * or removed at run time appear and disappear without registering anything by hand.
 */
public final class Metrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CameraFleet fleet;
    private final List<PerCamera> perCamera = new ArrayList<>();
    private final MultiGauge byStatus;
    private final VehicleCounts counts;

    private record PerCamera(MultiGauge gauge, ToDoubleFunction<CameraHealth> value) {
    }

    public Metrics(CameraFleet fleet, AlertStore alerts, IntSupplier webSocketClients, AnalyticsPipeline analytics,
                   VehicleCounts counts) {
        this.fleet = fleet;
        this.counts = counts;
        FunctionCounter.builder("citywatch_analysed_frames", analytics, a -> a.figures().analysedFrames())
                .description("frames analysed (detected, or found still by the motion gate)").register(registry);
        FunctionCounter.builder("citywatch_detected_frames", analytics, a -> a.figures().detectedFrames())
                .description("frames run through the detector (inferences)").register(registry);
        FunctionCounter.builder("citywatch_motion_skipped_frames", analytics, a -> a.figures().skippedNoMotion())
                .description("frames the motion gate spared the detector").register(registry);
        FunctionCounter.builder("citywatch_dropped_frames", analytics, a -> a.figures().droppedFrames())
                .description("frames dropped instead of analysed late").register(registry);
        Gauge.builder("citywatch_analysed_streams", analytics, a -> a.schedule().analysedStreams())
                .description("streams analysed now").register(registry);
        Gauge.builder("citywatch_analysis_fps_per_stream", analytics, a -> a.schedule().fps())
                .description("analysis rate granted to each analysed stream").register(registry);
        Gauge.builder("citywatch_detector_capacity_fps", analytics, a -> a.figures().capacityFps())
                .description("frames per second the detector pool can analyse, measured").register(registry);
        Gauge.builder("citywatch_patrol_cycle_seconds", analytics,
                        a -> a.schedule().patrolCycle().map(d -> (double) d.toSeconds()).orElse(Double.NaN))
                .description("longest time a patrolled camera waits for analysis").register(registry);
        Gauge.builder("citywatch_detection_latency_p99_ms", analytics, a -> a.figures().latencyP99Ms())
                .description("frame arrival to detections, 99th percentile of the last 4096 frames").register(registry);
        Gauge.builder("citywatch_live_views", analytics, a -> a.liveViews().viewed())
                .description("cameras viewed live on a dashboard now (refreshed about once a second)").register(registry);
        FunctionCounter.builder("citywatch_live_views_refused", analytics, a -> a.liveViews().refused())
                .description("live views refused: analytics.liveViews cameras were already viewed").register(registry);
        perCamera("citywatch_camera_up", "1 when the camera is streaming", h -> h.status().online() ? 1 : 0);
        perCamera("citywatch_camera_fps", "frames per second received", CameraHealth::fps);
        perCamera("citywatch_camera_bitrate_kbps", "coded bitrate (RTSP cameras)", CameraHealth::bitrateKbps);
        perCamera("citywatch_camera_packets_lost", "RTP packets lost since start", h -> h.packetsLost());
        perCamera("citywatch_camera_reconnects", "stream reconnects since start", h -> h.reconnects());
        perCamera("citywatch_camera_keyframe_interval_seconds", "time between the last two keyframes",
                h -> h.keyframeInterval().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN));
        byStatus = MultiGauge.builder("citywatch_cameras").description("cameras by status").register(registry);
        FunctionCounter.builder("citywatch_vehicle_crossings_dropped", counts, VehicleCounts::dropped)
                .description("line crossings not counted: too many count series").register(registry);
        Gauge.builder("citywatch_websocket_clients", webSocketClients, IntSupplier::getAsInt)
                .description("WebSocket push clients (as citywatch_push_clients{transport=\"ws\"})")
                .register(registry);
        if (alerts instanceof RedisAlertStore redis) {
            redisFigures(redis);
        }
        // Every type and severity from the start, at 0: a series that only appears with the first alert makes
        // rate() and "no alerts of this type" queries wrong until then (and absent() alerts fire on a healthy node).
        Map<AlertType, Map<Severity, Counter>> raised = new EnumMap<>(AlertType.class);
        for (AlertType type : AlertType.values()) {
            Map<Severity, Counter> bySeverity = new EnumMap<>(Severity.class);
            for (Severity severity : Severity.values()) {
                bySeverity.put(severity, Counter.builder("citywatch_alerts").description("alerts raised")
                        .tag("type", type.name()).tag("severity", severity.name()).register(registry));
            }
            raised.put(type, bySeverity);
        }
        alerts.subscribe(e -> {
            if (e.kind() == AlertEvent.Kind.RAISED) {
                raised.get(e.alert().type()).get(e.alert().severity()).increment();
            }
        });
    }

    /**
     * The integrations' figures: MQTT published / dropped / connected, and per webhook (labelled by its configured
     * name or index, never its URL) delivered / failed / retries / dropped. Counters read the integrations' own
     * counts at each scrape.
     */
    public void integrations(org.citywatch.api.integrations.Integrations integrations) {
        integrations.mqtt().ifPresent(m -> {
            FunctionCounter.builder("citywatch_mqtt_published", m, x -> x.published())
                    .description("alert events the MQTT broker acknowledged (QoS 1/2) or that were written (QoS 0)")
                    .register(registry);
            FunctionCounter.builder("citywatch_mqtt_dropped", m, x -> x.dropped())
                    .description("alert events dropped for MQTT: the oldest while the queue was full, or left at"
                            + " shutdown").register(registry);
            Gauge.builder("citywatch_mqtt_connected", m, x -> x.connected() ? 1 : 0)
                    .description("1 while connected to the MQTT broker").register(registry);
            Gauge.builder("citywatch_mqtt_queued", m, x -> x.queued())
                    .description("alert events waiting for the MQTT broker").register(registry);
        });
        for (var w : integrations.webhooks()) {
            String name = w.settings().name();
            FunctionCounter.builder("citywatch_webhook_delivered", w, x -> x.delivered()).tag("webhook", name)
                    .description("alert events a webhook accepted (2xx)").register(registry);
            FunctionCounter.builder("citywatch_webhook_failed", w, x -> x.failed()).tag("webhook", name)
                    .description("alert events given up: refused (4xx), out of attempts or too old")
                    .register(registry);
            FunctionCounter.builder("citywatch_webhook_retries", w, x -> x.retries()).tag("webhook", name)
                    .description("webhook attempts after the first").register(registry);
            FunctionCounter.builder("citywatch_webhook_dropped", w, x -> x.dropped()).tag("webhook", name)
                    .description("alert events dropped for a webhook: the oldest while its queue was full, or left"
                            + " at shutdown").register(registry);
            Gauge.builder("citywatch_webhook_queued", w, x -> x.queued()).tag("webhook", name)
                    .description("alert events waiting for a webhook").register(registry);
        }
    }

    /** The shared store's health: whether Redis answers, what waits in the journal, what was lost or skipped. */
    private void redisFigures(RedisAlertStore redis) {
        Gauge.builder("citywatch_alert_store_online", redis, r -> r.figures().online() ? 1 : 0)
                .description("1 while the Redis alert store is reachable").register(registry);
        Gauge.builder("citywatch_alert_journal_bytes", redis, r -> r.figures().journalBytes())
                .description("alert events waiting in the local journal for Redis").register(registry);
        FunctionCounter.builder("citywatch_alert_events_journalled", redis, r -> r.figures().journalled())
                .description("alert events journalled while Redis was away").register(registry);
        FunctionCounter.builder("citywatch_alert_events_refused", redis, r -> r.figures().refused())
                .description("alert events refused: the journal was full").register(registry);
        FunctionCounter.builder("citywatch_alert_events_delivered", redis, r -> r.figures().delivered())
                .description("alert events this node read from the Redis stream").register(registry);
        FunctionCounter.builder("citywatch_alert_events_malformed", redis, r -> r.figures().malformed())
                .description("Redis stream entries that could not be read (skipped)").register(registry);
    }

    private void perCamera(String name, String description, ToDoubleFunction<CameraHealth> value) {
        perCamera.add(new PerCamera(MultiGauge.builder(name).description(description).register(registry), value));
    }

    /** Adds the figures of a part that keeps its own (the live push: {@code push.PushMetrics}). */
    public void bind(MeterBinder binder) {
        binder.bindTo(registry);
    }

    /** The Prometheus text exposition of every figure, fresh. */
    public String scrape() {
        refresh();
        return registry.scrape();
    }

    private synchronized void refresh() {
        List<CameraFleet.Entry> cameras = fleet.snapshot();
        for (PerCamera p : perCamera) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>(cameras.size());
            for (CameraFleet.Entry e : cameras) {
                double v = p.value().applyAsDouble(e.health());
                rows.add(MultiGauge.Row.of(Tags.of("camera", e.camera().id(), "district", e.camera().district()), v));
            }
            p.gauge().register(rows, true);
        }
        Map<CameraStatus, Integer> byState = new EnumMap<>(CameraStatus.class);
        for (CameraStatus s : CameraStatus.values()) {
            byState.put(s, 0);
        }
        cameras.forEach(e -> byState.merge(e.health().status(), 1, Integer::sum));
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        byState.forEach((s, n) -> rows.add(MultiGauge.Row.of(Tags.of("status", s.name()), n)));
        byStatus.register(rows, true);
        // One counter per series of vehicle counts; registering an existing one again returns it.
        counts.totals((key, total) -> FunctionCounter.builder("citywatch_vehicle_crossings", counts,
                        c -> c.total(key))
                .description("vehicles that crossed a counting line")
                .tags("camera", key.cameraId(), "line", key.lineId(), "class", key.label(),
                        "direction", key.direction())
                .register(registry));
    }
}
