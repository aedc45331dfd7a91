package org.citywatch.api.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.api.push.WsTestClient;
import org.citywatch.api.server.GatedAlertStore;
import org.citywatch.assets.AssetResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole app over real HTTP with its alert store's reads held, as a Redis store's are while Redis is slow: every
 * route that reads the store waits on a worker, while the event loop goes on answering {@code /health} and pushing
 * events to a WebSocket client. If a route read the store on the event loop, the health check and the push would
 * wait for the held read, and this test would time out on them. Failures of the store are JSON without internals.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AlertStoreOffLoopTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Generous: on the event loop these answer in milliseconds; held behind the store they never would. */
    private static final Duration PROMPT = Duration.ofSeconds(10);
    /** The routes' requests: they wait for the held store, longer than PROMPT and the checks made meanwhile. */
    private static final Duration HELD = Duration.ofSeconds(60);
    @TempDir
    static Path dir;
    private static CityWatchApp app;
    private static GatedAlertStore store;
    private static String base;
    private static String viewer;
    private static String operator;
    private static Vertx clients;
    private static WsTestClient webSocket;

    @BeforeAll
    static void start() throws Exception {
        String yaml = TestHttp.withoutCameras(dir) + TestSecurity.yaml(TestSecurity.onePerRole());
        app = CityWatchApp.start(TestHttp.config(yaml, dir), AssetResolver.fromEnvironment(),
                s -> store = new GatedAlertStore(s));
        base = "http://127.0.0.1:" + app.port();
        viewer = TestSecurity.token(HTTP, base, "vera-viewer");
        operator = TestSecurity.token(HTTP, base, "otto-operator");
        clients = Vertx.vertx();
        webSocket = WsTestClient.connect(clients, app.port(), "/ws/alerts?access_token=" + viewer);
    }

    @AfterAll
    static void stop() throws Exception {
        if (webSocket != null) {
            webSocket.close();
        }
        if (clients != null) {
            clients.close().await(10, TimeUnit.SECONDS);
        }
        if (app != null) {
            app.close();
        }
    }

    @AfterEach
    void reopen() {
        store.release();
        store.failReads(null);
    }

    @Test
    void everyRouteThatReadsTheStoreWaitsOffTheEventLoop() throws Exception {
        String id = publish(TestAlerts.raised("cam-1", "District 1", AlertType.CROWD, Severity.P2)).alert().id();
        // /api/stats/system first: its open-alert count is then read afresh (later it may come from its cache).
        for (HttpRequest request : new HttpRequest[] {
                get("/api/stats/system"), get("/api/alerts?limit=5"), get("/api/alerts/" + id),
                get("/api/alerts/" + id + "/cap.xml"), get("/api/stats/alerts"),
                post("/api/alerts/" + id + "/acknowledge", operator)}) {
            store.entered.drainPermits();
            store.hold();
            CompletableFuture<HttpResponse<String>> held = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            assertThat(store.entered.tryAcquire(PROMPT.toSeconds(), TimeUnit.SECONDS))
                    .as("%s reads the store", request.uri()).isTrue();

            HttpResponse<String> health = TestHttp.send(TestHttp.request("GET", base + "/health", null, null)
                    .timeout(PROMPT).build());
            assertThat(health.statusCode()).as("/health while %s waits for the store", request.uri()).isEqualTo(200);
            String live = publish(TestAlerts.raised("cam-2", "District 2", AlertType.INTRUSION, Severity.P1))
                    .eventId();
            assertThat(awaitPush(live)).as("a push while %s waits for the store", request.uri()).isTrue();
            assertThat(held).as("%s waits for the store", request.uri()).isNotDone();

            store.release();
            HttpResponse<String> answer = held.get(PROMPT.toSeconds(), TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as("%s: %s", request.uri(), answer.body()).isEqualTo(200);
        }
        assertThat(JSON.readTree(TestHttp.send(get("/api/alerts/" + id)).body()).get("state").asText())
                .isEqualTo("ACKNOWLEDGED");
    }

    @Test
    void aStoreThatFailsIsAnsweredAsJsonWithoutItsInternals() throws Exception {
        String id = publish(TestAlerts.raised("cam-3", "District 3", AlertType.LOITERING, Severity.P3)).alert().id();
        // A plain failure, and one of the kind the Redis store throws (which is not a workflow conflict: no 409).
        for (RuntimeException failure : new RuntimeException[] {
                new RuntimeException("Redis at 10.9.8.7:6379 did not answer (secret-internals)"),
                new IllegalStateException("Redis refused an alert read: 10.9.8.7:6379 (secret-internals)")}) {
            store.failReads(failure);
            for (HttpRequest request : new HttpRequest[] {
                    get("/api/alerts"), get("/api/alerts/" + id), get("/api/alerts/" + id + "/cap.xml"),
                    get("/api/stats/alerts"), post("/api/alerts/" + id + "/acknowledge", operator)}) {
                HttpResponse<String> r = TestHttp.send(request);
                assertThat(r.statusCode()).as("%s: %s", request.uri(), r.body()).isEqualTo(500);
                assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
                assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo("internal_error");
                assertThat(r.body()).doesNotContain("10.9.8.7").doesNotContain("secret-internals")
                        .doesNotContain("Exception");
            }
            // The system figures still answer: cameras and inference do not need the store.
            HttpResponse<String> system = TestHttp.send(get("/api/stats/system"));
            assertThat(system.statusCode()).as(system.body()).isEqualTo(200);
            assertThat(JSON.readTree(system.body()).has("camerasTotal")).isTrue();
        }
        store.failReads(null);
        assertThat(TestHttp.send(get("/api/alerts/" + id)).statusCode()).isEqualTo(200);
    }

    /** Whether the event reaches the WebSocket client in time (earlier messages are passed over). */
    private static boolean awaitPush(String eventId) throws InterruptedException {
        long deadline = System.nanoTime() + PROMPT.toNanos();
        for (WsTestClient.Received m; (m = webSocket.messages.poll(Math.max(0, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS)) != null; ) {
            if (m.eventId().equals(eventId)) {
                return true;
            }
        }
        return false;
    }

    private static AlertEvent publish(AlertEvent e) {
        app.alerts().publish(e);
        return e;
    }

    private static HttpRequest get(String path) {
        return TestHttp.request("GET", base + path, viewer, null).timeout(HELD).build();
    }

    private static HttpRequest post(String path, String token) {
        return TestHttp.request("POST", base + path, token, "{}").timeout(HELD).build();
    }
}
