package org.citywatch.api.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraKind;
import org.citywatch.ingest.source.CameraStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Filters and fan-out over real WebSocket and SSE connections to the push routes served in-process. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PushFanoutTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private PushTestServer server;
    private Vertx clients;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new PushTestServer();
        clients = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        clients.close().await(10, TimeUnit.SECONDS);
        server.close();
    }

    private WsTestClient ws(String query) throws Exception {
        WsTestClient c = WsTestClient.connect(clients, server.port, "/ws/alerts" + query);
        open.add(c);
        return c;
    }

    private SseTestClient sse(String query, Map<String, String> headers) throws Exception {
        SseTestClient c = SseTestClient.connect(clients, server.port, "/api/events" + query, headers);
        open.add(c);
        return c;
    }

    private String publish(String camera, String district, AlertType type, Severity severity) {
        return server.publish(TestAlerts.raised(camera, district, type, severity)).eventId();
    }

    /** Waits until the hub counts the clients, so that no event is published before they joined. */
    private void awaitClients(int ws, int sse) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.hub.clients(Transport.WS) != ws || server.hub.clients(Transport.SSE) != sse) {
            assertThat(System.nanoTime()).as("clients joined in time").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void eachFilterIncludesWhatItNamesAndExcludesTheRest() throws Exception {
        Map<String, WsTestClient> byFilter = new LinkedHashMap<>();
        for (String q : List.of("", "?district=District%201", "?camera=cam-2", "?type=CROWD,intrusion",
                "?minSeverity=P2", "?district=District%202&type=INTRUSION")) {
            byFilter.put(q, ws(q));
        }
        awaitClients(byFilter.size(), 0);

        String e1 = publish("cam-1", "District 1", AlertType.CROWD, Severity.P3);
        String e2 = publish("cam-2", "District 2", AlertType.INTRUSION, Severity.P1);
        String e3 = publish("cam-3", "District 1", AlertType.LOITERING, Severity.P2);
        String e4 = publish("cam-2", "District 2", AlertType.CONGESTION, Severity.P4);
        server.hub.camera(new Camera("cam-2", "Two", "rtsp://10.0.0.2/s", CameraKind.TRAFFIC, "District 2",
                10, 106), CameraStatus.RETRYING, Optional.of("connection refused"), Instant.now(), Optional.empty());
        // Last, one event per district that passes every other filter: once a client has the last one it accepts, it
        // has had everything before it, in order, and what is missing was filtered out.
        String s1 = publish("cam-2", "District 1", AlertType.INTRUSION, Severity.P1);
        String s2 = publish("cam-2", "District 2", AlertType.INTRUSION, Severity.P1);

        Map<String, List<String>> got = new LinkedHashMap<>();
        for (var e : byFilter.entrySet()) {
            String last = e.getKey().contains("District%201") ? s1 : s2;
            got.put(e.getKey(), e.getValue().until(r -> r.eventId().equals(last), WAIT).stream()
                    .map(r -> r.type().equals("camera") ? "camera:" + r.json().at("/camera/id").asText() : r.eventId())
                    .toList());
        }
        assertThat(got.get("")).containsExactly(e1, e2, e3, e4, "camera:cam-2", s1, s2);
        assertThat(got.get("?district=District%201")).containsExactly(e1, e3, s1);
        assertThat(got.get("?camera=cam-2")).containsExactly(e2, e4, "camera:cam-2", s1, s2);
        assertThat(got.get("?type=CROWD,intrusion")).containsExactly(e1, e2, "camera:cam-2", s1, s2);
        assertThat(got.get("?minSeverity=P2")).containsExactly(e2, e3, "camera:cam-2", s1, s2);
        assertThat(got.get("?district=District%202&type=INTRUSION")).containsExactly(e2, "camera:cam-2", s2);
    }

    @Test
    void everyClientGetsEveryEventWhichIsSerialisedOnce() throws Exception {
        List<WsTestClient> wsClients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            wsClients.add(ws(""));
        }
        // As a browser does: it offers permessage-deflate, which the server declines (no per-client compression).
        WsTestClient deflating = WsTestClient.connect(clients, server.port, "/ws/alerts",
                new WebSocketClientOptions().setTryUsePerMessageCompression(true));
        open.add(deflating);
        wsClients.add(deflating);
        List<SseTestClient> sseClients = List.of(sse("", Map.of()), sse("", Map.of()));
        awaitClients(6, 2);
        int before = server.serialisations.get();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(server.publish(TestAlerts.raised("cam-" + i % 5, "District 1", AlertType.CROWD, Severity.P2))
                    .eventId());
        }

        for (WsTestClient c : wsClients) {
            List<WsTestClient.Received> got = c.take(50, WAIT);
            assertThat(got).extracting(WsTestClient.Received::eventId).containsExactlyElementsOf(ids);
            JsonNode first = got.getFirst().json();
            assertThat(first.get("type").asText()).isEqualTo("alert");
            assertThat(first.get("event").asText()).isEqualTo("RAISED");
            assertThat(first.at("/alert/cameraId").asText()).isEqualTo("cam-0");
            assertThat(first.at("/alert/severity").asText()).isEqualTo("P2");
        }
        for (SseTestClient c : sseClients) {
            List<SseTestClient.Frame> got = c.take(50, WAIT);
            assertThat(got).extracting(SseTestClient.Frame::id).containsExactlyElementsOf(ids);
            assertThat(got).extracting(SseTestClient.Frame::event).containsOnly("alert");
            assertThat(got.getFirst().json().get("eventId").asText()).isEqualTo(ids.getFirst());
        }
        assertThat(server.serialisations.get() - before).as("serialisations for 50 events to 8 clients").isEqualTo(50);
        assertThat(deflating.handshakeHeaders().get("sec-websocket-extensions")).as("no compression negotiated")
                .isNull();

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new PushMetrics(server.hub).bindTo(registry);
        String text = registry.scrape();
        assertThat(text).contains("citywatch_push_clients{transport=\"ws\"} 6.0")
                .contains("citywatch_push_clients{transport=\"sse\"} 2.0")
                .contains("citywatch_push_events_total{type=\"alert\"} 50.0")
                .contains("citywatch_push_messages_total 400.0")
                .contains("citywatch_push_dropped_clients_total{transport=\"ws\"} 0.0")
                .contains("citywatch_push_replay_events 50.0")
                .containsPattern("citywatch_push_lag_ms\\{quantile=\"0.99\"} [0-9]")
                .containsPattern("citywatch_event_bus_lag_ms\\{quantile=\"0.99\"} [0-9]");
    }

    @Test
    void theEventStreamHasTheHeadersProxiesNeed() throws Exception {
        SseTestClient c = sse("?camera=cam-1", Map.of());
        assertThat(c.status).isEqualTo(200);
        assertThat(c.headers.get("content-type")).isEqualTo("text/event-stream; charset=utf-8");
        assertThat(c.headers.get("cache-control")).isEqualTo("no-cache");
        assertThat(c.headers.get("x-accel-buffering")).isEqualTo("no");
        awaitClients(0, 1);
        AlertEvent e = server.publish(TestAlerts.raised("cam-1", "District 1", AlertType.CROWD, Severity.P1));
        SseTestClient.Frame f = c.next(WAIT);
        assertThat(f.id()).isEqualTo(e.eventId());
        assertThat(f.event()).isEqualTo("alert");
        assertThat(f.json().at("/alert/id").asText()).isEqualTo(e.alert().id());
    }

    @Test
    void aBadFilterOrIdIsA400BeforeAnyUpgrade() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        for (String q : List.of("?minSeverity=P9", "?type=FIRE", "?since=yesterday")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port
                    + "/api/events" + q)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(q).isEqualTo(400);
            assertThat(json.readTree(r.body()).get("code").asText()).isEqualTo("bad_request");
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port
                + "/api/events")).header("Last-Event-ID", "42").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("Last-Event-ID");

        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port
                + "/ws/alerts")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).contains("/api/events");

        assertThatThrownBy(() -> ws("?minSeverity=urgent")).hasMessageContaining("400");
        assertThat(server.hub.clients(Transport.WS) + server.hub.clients(Transport.SSE)).isZero();
    }
}
