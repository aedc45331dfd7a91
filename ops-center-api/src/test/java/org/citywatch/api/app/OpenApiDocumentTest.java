package org.citywatch.api.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.citywatch.analytics.schedule.AnalysisRole;
import org.citywatch.analytics.schedule.ScheduleState;
import org.citywatch.api.auth.Access;
import org.citywatch.api.auth.Route;
import org.citywatch.api.server.OpenApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-written OpenAPI document against the routes the server really has: every route is documented with its
 * method, role and security; every documented operation is a route; errors use the one {code, message} schema; and
 * the server serves the document.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    static Path dir;
    private static CityWatchApp app;
    private static JsonNode doc;

    @BeforeAll
    static void start() throws Exception {
        String yaml = "server: { host: 127.0.0.1, port: 0 }\ncameras: []\n"
                + "alerts: { evidence: { dir: \"" + dir.resolve("evidence") + "\" } }\n"
                + TestSecurity.yaml(Map.of("vera-viewer", "viewer"));
        app = TestHttp.startApp(yaml, Path.of("."));
        doc = OpenApi.document();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void itIsAnOpenApi3DocumentWithOneErrorSchema() {
        assertThat(doc.path("openapi").asText()).startsWith("3.0.");
        assertThat(doc.path("info").path("title").asText()).isNotBlank();
        JsonNode error = doc.at("/components/schemas/Error");
        assertThat(error.path("required")).extracting(JsonNode::asText).containsExactlyInAnyOrder("code", "message");
        assertThat(doc.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(doc.at("/components/securitySchemes/accessToken/in").asText()).isEqualTo("query");
        assertThat(doc.at("/components/securitySchemes/accessToken/name").asText()).isEqualTo("access_token");
        for (String r : List.of("BadRequest", "Unauthorized", "Forbidden", "NotFound", "Conflict")) {
            assertThat(doc.at("/components/responses/" + r + "/content/application~1json/schema/$ref").asText())
                    .as(r).isEqualTo("#/components/schemas/Error");
        }
    }

    @Test
    void theCamerasAnalysisListsEveryStateAndRoleTheSchedulerHas() {
        // The dashboard reads pinned-ness from the role: the document names them all, in the scheduler's terms.
        JsonNode analysis = doc.at("/components/schemas/Camera/properties/analysis/properties");
        assertThat(analysis.at("/state/enum")).extracting(JsonNode::asText)
                .containsExactly(Arrays.stream(ScheduleState.values()).map(Enum::name).toArray(String[]::new));
        assertThat(analysis.at("/role/enum")).extracting(JsonNode::asText)
                .containsExactly(Arrays.stream(AnalysisRole.values()).map(Enum::name).toArray(String[]::new));
        assertThat(analysis.at("/role/nullable").asBoolean()).isTrue();
        assertThat(analysis.has("fps")).isTrue();
    }

    @Test
    void everyRouteIsDocumentedWithItsMethodRoleAndSecurity() {
        List<String> problems = new ArrayList<>();
        for (Route route : app.routes()) {
            JsonNode op = doc.path("paths").path(route.path()).path(route.method().name().toLowerCase(Locale.ROOT));
            if (op.isMissingNode()) {
                problems.add(route + ": not documented");
                continue;
            }
            String role = route.access().name().toLowerCase(Locale.ROOT);
            if (!op.path("x-citywatch-role").asText().equals(role)) {
                problems.add(route + ": x-citywatch-role is '" + op.path("x-citywatch-role").asText() + "'");
            }
            Set<String> schemes = schemes(op);
            Set<String> expected = route.access() == Access.ANONYMOUS ? Set.of()
                    : route.queryToken() ? Set.of("bearer", "accessToken") : Set.of("bearer");
            if (!schemes.equals(expected)) {
                problems.add(route + ": security " + schemes + ", expected " + expected);
            }
            if (route.access() != Access.ANONYMOUS) {
                for (String status : List.of("401", "403")) {
                    if (!op.path("responses").has(status)) {
                        problems.add(route + ": no " + status + " response");
                    }
                }
            }
            if (op.path("summary").asText().isBlank()) {
                problems.add(route + ": no summary");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDocumentedOperationIsARoute() {
        Set<String> routes = new TreeSet<>();
        app.routes().forEach(r -> routes.add(r.method().name().toLowerCase(Locale.ROOT) + " " + r.path()));
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m)) {
                    documented.add(m + " " + path.getKey());
                }
            });
        }
        assertThat(documented).isNotEmpty().isEqualTo(routes);
    }

    @Test
    void everyErrorResponseIsTheErrorSchema() {
        List<String> problems = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!METHODS.contains(op.getKey())) {
                return;
            }
            op.getValue().path("responses").fields().forEachRemaining(r -> {
                int status = Integer.parseInt(r.getKey());
                if (status < 400) {
                    return;
                }
                String ref = r.getValue().path("$ref").asText(
                        r.getValue().at("/content/application~1json/schema/$ref").asText());
                boolean ok = ref.equals("#/components/schemas/Error")
                        || ref.startsWith("#/components/responses/") && doc.at("/components/responses/"
                        + ref.substring("#/components/responses/".length())
                        + "/content/application~1json/schema/$ref").asText().equals("#/components/schemas/Error");
                if (!ok) {
                    problems.add(op.getKey() + " " + path.getKey() + " " + status + ": not the Error schema");
                }
            });
        }));
        assertThat(problems).isEmpty();
    }

    @Test
    void theServerServesItToViewers() throws Exception {
        String base = "http://127.0.0.1:" + app.port();
        String token = TestSecurity.token(HTTP, base, "vera-viewer");
        HttpResponse<String> served = TestHttp.get(base + "/api/openapi.json", token);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        assertThat(new ObjectMapper().readTree(served.body())).isEqualTo(doc);
        assertThat(TestHttp.get(base + "/api/openapi.json", null).statusCode()).isEqualTo(401);
    }

    private static Set<String> schemes(JsonNode op) {
        JsonNode security = op.has("security") ? op.get("security") : doc.path("security");
        Set<String> out = new TreeSet<>();
        security.forEach(req -> req.fieldNames().forEachRemaining(out::add));
        return out;
    }
}
