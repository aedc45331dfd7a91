package org.citywatch.api.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.citywatch.api.auth.Access;
import org.citywatch.api.auth.Role;
import org.citywatch.api.auth.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every registered route x {anonymous, viewer, operator, dispatcher, admin}, over real HTTP against the whole app:
 * refused (401 without a token, 403 with too low a role, each as JSON) or let through (anything else; a 404 for an
 * id that does not exist counts as let through) exactly as the route table says. The requests are harmless even when
 * let through: ids that do not exist, bodies that are refused as malformed. Then the ways a token can be wrong, the
 * WebSocket with and without a token, and what the anonymous routes show.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RoleRouteMatrixTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String CAMERA_PASSWORD = "Secr3tCamPass";
    @TempDir
    static Path dir;
    private static CityWatchApp app;
    private static String base;
    /** Role -> token; the empty key is anonymous. */
    private static final Map<Optional<Role>, Optional<String>> TOKENS = new LinkedHashMap<>();
    private static final Map<Role, String> USERS = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> users = TestSecurity.onePerRole();
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                alerts: { evidence: { dir: "%s" } }
                cameras:
                  - { id: locked-gate, name: Depot gate, url: "rtsp://admin:%s@127.0.0.1:1/ch1", kind: traffic,
                      district: District 7, latitude: 10.73, longitude: 106.72 }
                """.formatted(dir.resolve("evidence"), CAMERA_PASSWORD) + TestSecurity.yaml(users);
        app = TestHttp.startApp(yaml, Path.of("."));
        base = "http://127.0.0.1:" + app.port();
        TOKENS.put(Optional.empty(), Optional.empty());
        users.forEach((name, role) -> {
            Role r = Role.parse(role);
            USERS.put(r, name);
            try {
                TOKENS.put(Optional.of(r), Optional.of(TestSecurity.token(HTTP, base, name)));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRouteForEveryRole() {
        List<Route> routes = app.routes();
        assertThat(routes).as("the table has the routes of this branch").hasSizeGreaterThan(20);
        List<DynamicTest> tests = new ArrayList<>();
        for (Route route : routes) {
            for (Map.Entry<Optional<Role>, Optional<String>> who : TOKENS.entrySet()) {
                String name = route + " as " + who.getKey().map(Role::wireName).orElse("anonymous");
                tests.add(DynamicTest.dynamicTest(name, () -> check(route, who.getKey(), who.getValue())));
            }
        }
        return tests.stream();
    }

    private static void check(Route route, Optional<Role> role, Optional<String> token) throws Exception {
        Answer r = call(route, token.map(t -> "Bearer " + t));
        boolean allowed = route.access().allows(role);
        if (allowed) {
            assertThat(r.statusCode()).as("%s lets %s through: %s", route, role, r.body()).isNotIn(401, 403);
        } else if (role.isEmpty()) {
            assertThat(r.statusCode()).as("%s without a token", route).isEqualTo(401);
            assertError(r, "unauthorized");
        } else {
            assertThat(r.statusCode()).as("%s as %s", route, role.get()).isEqualTo(403);
            assertError(r, "forbidden");
            assertThat(JSON.readTree(r.body()).get("message").asText())
                    .isEqualTo("needs role " + route.access().role().orElseThrow().wireName());
        }
        if (r.statusCode() >= 400) {
            assertThat(r.headers().firstValue("content-type").orElse("")).as("%s error body", route)
                    .startsWith("application/json");
            assertThat(JSON.readTree(r.body()).path("code").asText()).as("%s error code", route).matches("[a-z_]+");
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    /** Status, headers and body of an answer; an event stream's body is not waited for (it never ends). */
    private record Answer(int statusCode, java.net.http.HttpHeaders headers, String body) {
    }

    /** A harmless request on the route: made-up ids, bodies that are refused once let through. */
    private static Answer call(Route route, Optional<String> authorization) throws Exception {
        String path = route.path().replace("{id}", "no-such-id").replace("{name}", "no-such-user");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        authorization.ifPresent(a -> b.header("authorization", a));
        String method = route.method().name();
        if (method.equals("POST") || method.equals("PUT")) {
            b.header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<java.io.InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream in = r.body()) {
            boolean stream = r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream");
            String body = stream ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new Answer(r.statusCode(), r.headers(), body);
        }
    }

    private static void assertError(Answer r, String code) throws Exception {
        assertError(r.body(), code);
    }

    private static void assertError(HttpResponse<String> r, String code) throws Exception {
        assertError(r.body(), code);
    }

    private static void assertError(String text, String code) throws Exception {
        JsonNode body = JSON.readTree(text);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
    }

    @Test
    void theTableHasTheContractsRoles() {
        Map<String, Access> byRoute = new LinkedHashMap<>();
        app.routes().forEach(r -> byRoute.put(r.method() + " " + r.path(), r.access()));
        assertThat(byRoute).containsEntry("GET /health", Access.ANONYMOUS).containsEntry("GET /metrics", Access.ANONYMOUS)
                .containsEntry("POST /api/login", Access.ANONYMOUS)
                .containsEntry("GET /api/cameras", Access.VIEWER).containsEntry("GET /ws/alerts", Access.VIEWER)
                .containsEntry("POST /api/alerts/{id}/acknowledge", Access.OPERATOR)
                .containsEntry("POST /api/cameras/{id}/pin", Access.OPERATOR)
                .containsEntry("DELETE /api/cameras/{id}/pin", Access.OPERATOR)
                .containsEntry("POST /api/alerts/{id}/dispatch", Access.DISPATCHER)
                .containsEntry("POST /api/alerts/{id}/resolve", Access.DISPATCHER)
                .containsEntry("POST /api/alerts/{id}/false-alarm", Access.DISPATCHER)
                .containsEntry("PUT /api/cameras/{id}", Access.ADMIN).containsEntry("DELETE /api/cameras/{id}", Access.ADMIN)
                .containsEntry("GET /api/users", Access.ADMIN).containsEntry("PUT /api/users/{name}", Access.ADMIN)
                .containsEntry("DELETE /api/users/{name}", Access.ADMIN);
        assertThat(byRoute.entrySet().stream().filter(e -> e.getValue() == Access.ANONYMOUS).map(Map.Entry::getKey))
                .as("the only anonymous routes").containsExactlyInAnyOrder("GET /health", "GET /metrics",
                        "POST /api/login");
        assertThat(byRoute.entrySet().stream().filter(e -> e.getKey().startsWith("GET "))
                .filter(e -> e.getValue() != Access.ANONYMOUS).map(Map.Entry::getValue))
                .as("every GET but users is for viewers").allMatch(a -> a == Access.VIEWER || a == Access.ADMIN);
    }

    @Test
    void aTokenThatIsNotExactlyOneOfOursIsRefused() throws Exception {
        String viewer = USERS.get(Role.VIEWER);
        Instant now = Instant.now();
        Algorithm ours = Algorithm.HMAC256(TestSecurity.JWT_SECRET);
        String expired = JWT.create().withIssuer("citywatch").withSubject(viewer).withClaim("role", "viewer")
                .withIssuedAt(now.minusSeconds(7200)).withExpiresAt(now.minusSeconds(5)).sign(ours);
        String otherKey = JWT.create().withIssuer("citywatch").withSubject(viewer).withClaim("role", "viewer")
                .withExpiresAt(now.plusSeconds(3600)).sign(Algorithm.HMAC256("another-secret-of-enough-length-0123456789"));
        String good = TOKENS.get(Optional.of(Role.VIEWER)).orElseThrow();
        String[] parts = good.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"role\":\"viewer\"", "\"role\":\"admin\"");
        assertThat(payload).contains("\"role\":\"admin\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        String forNobody = JWT.create().withIssuer("citywatch").withSubject("ghost").withClaim("role", "admin")
                .withExpiresAt(now.plusSeconds(3600)).sign(ours);

        for (String bad : List.of(expired, otherKey, tampered, none, forNobody, "not-a-jwt", good + "x")) {
            HttpResponse<String> r = get("/api/cameras", Optional.of("Bearer " + bad));
            assertThat(r.statusCode()).as("token %s", bad).isEqualTo(401);
            assertError(r, "unauthorized");
        }
        assertThat(get("/api/cameras", Optional.of("Bearer " + good)).statusCode()).isEqualTo(200);
        assertThat(get("/api/cameras", Optional.of("Basic " + good)).statusCode()).as("not a bearer").isEqualTo(401);
        // A real token for ada-admin would pass: the tampered one differs only in its claim.
        assertThat(get("/api/users", Optional.of("Bearer " + tampered)).statusCode()).isEqualTo(401);
    }

    @Test
    void theTokenGoesInTheUrlOnlyWhereABrowserCannotSendAHeader() throws Exception {
        String viewer = TOKENS.get(Optional.of(Role.VIEWER)).orElseThrow();
        assertThat(get("/api/cameras?access_token=" + viewer, Optional.empty()).statusCode()).isEqualTo(401);
        assertThat(get("/api/cameras/locked-gate/latest.jpg?access_token=" + viewer, Optional.empty()).statusCode())
                .as("an img element's request: let through, no image yet").isEqualTo(404);
        assertThat(get("/api/cameras/locked-gate/latest.jpg", Optional.empty()).statusCode()).isEqualTo(401);
        assertThat(get("/api/cameras/locked-gate/latest.jpg?access_token=bad", Optional.empty()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void theWebSocketNeedsAViewersToken() throws Exception {
        String viewer = TOKENS.get(Optional.of(Role.VIEWER)).orElseThrow();
        String ws = "ws://127.0.0.1:" + app.port() + "/ws/alerts";
        WebSocket withQuery = HTTP.newWebSocketBuilder().buildAsync(URI.create(ws + "?access_token=" + viewer),
                new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS);
        WebSocket withHeader = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + viewer)
                .buildAsync(URI.create(ws), new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int clients = 0;
            while (System.nanoTime() < deadline
                    && (clients = JSON.readTree(get("/health", Optional.empty()).body()).get("webSocketClients").asInt())
                    < 2) {
                Thread.sleep(50);
            }
            assertThat(clients).as("both connected").isEqualTo(2);
        } finally {
            withQuery.abort();
            withHeader.abort();
        }
        for (String url : List.of(ws, ws + "?access_token=", ws + "?access_token=forged." + viewer)) {
            Throwable refused = catchThrowable(() -> HTTP.newWebSocketBuilder().buildAsync(URI.create(url),
                    new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS));
            assertThat(refused).as(url).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(401);
        }
    }

    @Test
    void healthAndMetricsAreAnonymousAndRevealNothingSensitive() throws Exception {
        HttpResponse<String> health = get("/health", Optional.empty());
        HttpResponse<String> metrics = get("/metrics", Optional.empty());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("citywatch_camera_up{camera=\"locked-gate\"");
        for (String body : List.of(health.body(), metrics.body())) {
            assertThat(body).doesNotContain(CAMERA_PASSWORD).doesNotContain("rtsp://").doesNotContain("pbkdf2")
                    .doesNotContain(TestSecurity.JWT_SECRET);
            USERS.values().forEach(user -> assertThat(body).doesNotContain(user));
        }
        HttpResponse<String> page = get("/", Optional.empty());
        assertThat(page.statusCode()).as("the dashboard (and its sign-in) loads without a token").isEqualTo(200);
        assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
    }

    private static HttpResponse<String> get(String path, Optional<String> authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        authorization.ifPresent(a -> b.header("authorization", a));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
