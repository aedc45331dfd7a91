package org.citywatch.api.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.api.push.SseTestClient;
import org.citywatch.api.push.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed-in user's live streams over real WebSocket and SSE connections: they end when an admin removes the user
 * or changes their role (not when only the password changes), and a user holds at most
 * {@code push.maxStreamsPerUser} (3 here) at once.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PushStreamSessionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration WAIT = Duration.ofSeconds(10);
    @TempDir
    static Path dir;
    private static CityWatchApp app;
    private static String base;
    private static String admin;
    private static Vertx clients;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        String yaml = TestHttp.withoutCameras(dir) + "push: { maxStreamsPerUser: 3 }\n"
                + TestSecurity.yaml(TestSecurity.onePerRole());
        app = TestHttp.startApp(yaml, dir);
        base = "http://127.0.0.1:" + app.port();
        admin = TestSecurity.token(HTTP, base, "ada-admin");
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

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void removingAUserEndsTheirStreamsAndNobodyElses() throws Exception {
        String token = newUser("rosa-removed", "viewer");
        WsTestClient ws = ws(token);
        SseTestClient sse = sse(token);
        WsTestClient other = ws(TestSecurity.token(HTTP, base, "vera-viewer"));
        assertLive(ws, sse);

        assertThat(admin("DELETE", "/api/users/rosa-removed", null).statusCode()).isEqualTo(204);
        assertClosed(ws, "user removed");
        sse.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(sse.comments).contains(": closed: user removed");

        AlertEvent e = publish();
        assertThat(other.until(m -> m.eventId().equals(e.eventId()), WAIT)).as("another user's stream goes on")
                .isNotEmpty();
        assertThat(other.closed).isNotDone();
        assertThat(sse(token).status).as("the removed user's token opens nothing").isEqualTo(401);
    }

    @Test
    void aNewRoleEndsTheStreamsButANewPasswordDoesNot() throws Exception {
        String token = newUser("rafa-role", "operator");
        WsTestClient ws = ws(token);
        SseTestClient sse = sse(token);
        assertLive(ws, sse);

        assertThat(admin("PUT", "/api/users/rafa-role", "{\"password\":\"another-long-one\"}").statusCode())
                .isEqualTo(200);
        assertLive(ws, sse);

        assertThat(admin("PUT", "/api/users/rafa-role", "{\"role\":\"viewer\"}").statusCode()).isEqualTo(200);
        assertClosed(ws, "role changed");
        sse.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(sse.comments).contains(": closed: role changed");

        // The token still opens a stream, as the user is now (a viewer may watch).
        WsTestClient again = ws(token);
        assertThat(again.closed).isNotDone();
        AlertEvent e = publish();
        assertThat(again.until(m -> m.eventId().equals(e.eventId()), WAIT)).isNotEmpty();
    }

    @Test
    void aUserHoldsAtMostMaxStreamsPerUserAndTheNextIsRefusedSayingWhy() throws Exception {
        String token = TestSecurity.token(HTTP, base, "otto-operator");
        WsTestClient first = ws(token);
        ws(token);
        assertThat(sse(token).status).isEqualTo(200);

        HttpResponse<String> refused = TestHttp.get(base + "/api/events", token);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.get("code").asText()).isEqualTo("too_many_streams");
        assertThat(body.get("message").asText()).contains("at most 3");

        WsTestClient fourth = ws(token);
        assertThat(fourth.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo((short) 1008);
        assertThat(fourth.closeReason()).isEqualTo("too many live streams: at most 3 per user");
        assertThat(first.closed).as("the streams held go on").isNotDone();

        SseTestClient someoneElse = sse(TestSecurity.token(HTTP, base, "vera-viewer"));
        assertThat(someoneElse.status).as("other users are not counted against it").isEqualTo(200);

        // Closing one frees its place (once the server has seen it close).
        first.close();
        first.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long deadline = System.nanoTime() + WAIT.toNanos();
        SseTestClient next;
        while ((next = sse(token)).status == 429 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(next.status).isEqualTo(200);
    }

    /** Creates a user through the admin API and signs in as them. */
    private static String newUser(String name, String role) throws Exception {
        assertThat(admin("PUT", "/api/users/" + name, "{\"role\":\"" + role + "\",\"password\":\""
                + TestSecurity.password(name) + "\"}").statusCode()).isEqualTo(201);
        return TestSecurity.token(HTTP, base, name);
    }

    private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return TestHttp.send(method, base + path, admin, body);
    }

    /**
     * A stream from the event published just before it opened ({@code since}): it misses nothing published after
     * this returns, however soon the server has it join the fan-out.
     */
    private WsTestClient ws(String token) throws Exception {
        WsTestClient c = WsTestClient.connect(clients, app.port(), "/ws/alerts?access_token=" + token + "&since="
                + publish().eventId());
        open.add(c);
        return c;
    }

    private SseTestClient sse(String token) throws Exception {
        SseTestClient c = SseTestClient.connect(clients, app.port(), "/api/events?since=" + publish().eventId(),
                Map.of("authorization", "Bearer " + token));
        open.add(c);
        return c;
    }

    private static AlertEvent publish() {
        AlertEvent e = TestAlerts.raised("cam-1", "District 1", AlertType.CROWD, Severity.P2);
        app.alerts().publish(e);
        return e;
    }

    /** An event published now reaches both. */
    private static void assertLive(WsTestClient ws, SseTestClient sse) throws Exception {
        AlertEvent e = publish();
        assertThat(ws.until(m -> m.eventId().equals(e.eventId()), WAIT)).isNotEmpty();
        SseTestClient.Frame f;
        do {
            f = sse.next(WAIT);
        } while (!e.eventId().equals(f.id()));
        assertThat(ws.closed).isNotDone();
        assertThat(sse.ended).isNotDone();
    }

    private static void assertClosed(WsTestClient ws, String reason) throws Exception {
        assertThat(ws.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("close code").isEqualTo((short) 1008);
        assertThat(ws.closeReason()).isEqualTo(reason);
    }
}
