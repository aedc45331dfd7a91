package org.citywatch.api.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.api.push.SseTestClient;
import org.citywatch.api.push.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens good for 6 s ({@code security.tokenHours}): a live WebSocket and a live event stream, opened with such a
 * token over real connections, end when it expires (WebSocket close 1008 "token expired"; the SSE response ends),
 * and the same token cannot open another.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PushTokenExpiryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration WAIT = Duration.ofSeconds(10);
    @TempDir
    static Path dir;
    private static CityWatchApp app;
    private static String base;
    private static Vertx clients;

    @BeforeAll
    static void start() throws Exception {
        String yaml = TestHttp.withoutCameras(dir) + TestSecurity.yaml(Map.of("vera-viewer", "viewer"))
                + "  tokenHours: 0.0016667\n"; // 6 s: room to sign in and connect on a loaded machine
        app = TestHttp.startApp(yaml, dir);
        base = "http://127.0.0.1:" + app.port();
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        if (clients != null) {
            clients.close().await(10, TimeUnit.SECONDS);
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aWebSocketAndAnEventStreamEndWhenTheirTokenExpires() throws Exception {
        HttpResponse<String> login = TestSecurity.login(HTTP, base, "vera-viewer", TestSecurity.password("vera-viewer"));
        assertThat(login.statusCode()).isEqualTo(200);
        String token = JSON.readTree(login.body()).get("token").asText();
        Instant expires = Instant.parse(JSON.readTree(login.body()).get("expiresAt").asText());
        assertThat(expires).isBefore(Instant.now().plusSeconds(7));

        // From the event before (since=): the event published next reaches them however soon they join.
        String since = publish().eventId();
        try (WsTestClient ws = WsTestClient.connect(clients, app.port(), "/ws/alerts?access_token=" + token
                + "&since=" + since);
             SseTestClient sse = SseTestClient.connect(clients, app.port(), "/api/events?since=" + since,
                     Map.of("authorization", "Bearer " + token))) {
            assertThat(sse.status).isEqualTo(200);
            // Both are live: an event reaches both.
            AlertEvent e = publish();
            assertThat(ws.next(WAIT).eventId()).isEqualTo(e.eventId());
            assertThat(sse.next(WAIT).id()).isEqualTo(e.eventId());

            assertThat(ws.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("WebSocket close code")
                    .isEqualTo((short) 1008);
            Instant closedAt = Instant.now();
            assertThat(ws.closeReason()).isEqualTo("token expired");
            assertThat(closedAt).as("not before the token expired").isAfterOrEqualTo(expires.minusMillis(100));
            sse.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(sse.comments).contains(": closed: token expired");
        }

        HttpResponse<String> again = TestHttp.get(base + "/api/events", token);
        assertThat(again.statusCode()).as("an expired token opens nothing").isEqualTo(401);
        JsonNode health = awaitNoPushClients();
        assertThat(health.get("webSocketClients").asInt()).isZero();
        assertThat(health.get("sseClients").asInt()).isZero();
    }

    private static AlertEvent publish() {
        AlertEvent e = TestAlerts.raised("cam-1", "District 1", AlertType.CROWD, Severity.P2);
        app.alerts().publish(e);
        return e;
    }

    /** /health once the server counts no push client (they leave as their connections close). */
    private static JsonNode awaitNoPushClients() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode health = JSON.readTree(TestHttp.get(base + "/health", null).body());
            if (health.get("webSocketClients").asInt() + health.get("sseClients").asInt() == 0
                    || System.nanoTime() > deadline) {
                return health;
            }
            Thread.sleep(50);
        }
    }
}
