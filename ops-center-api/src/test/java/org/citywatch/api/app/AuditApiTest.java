package org.citywatch.api.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every user action lands in the audit trail with its user, admins read it over HTTP (nobody else may), and it is
 * still there after a restart. The app runs in process with security on and one looped clip as its camera.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AuditApiTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private CityWatchApp start() throws Exception {
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                audit: { file: %s }
                cameras:
                  - { id: square, name: Square, url: "asset:vtest_first20s_h264.mp4", district: District 1,
                      latitude: 10.77, longitude: 106.70 }
                """.formatted(dir.resolve("audit.jsonl")) + TestSecurity.yaml(TestSecurity.onePerRole());
        return TestHttp.startApp(yaml, dir);
    }

    @Test
    void actionsAreRecordedWithTheirUserReadByAdminsAndKeptOverARestart() throws Exception {
        try (CityWatchApp app = start()) {
            String base = "http://127.0.0.1:" + app.port();
            String operator = TestSecurity.token(HTTP, base, "otto-operator");
            String admin = TestSecurity.token(HTTP, base, "ada-admin");
            assertThat(TestHttp.post(base + "/api/cameras/square/pin", operator, null).statusCode()).isEqualTo(204);
            assertThat(TestSecurity.login(HTTP, base, "otto-operator", "not-the-password").statusCode()).isEqualTo(401);

            JsonNode pins = json(TestHttp.get(base + "/api/audit?action=camera.", admin));
            assertThat(pins.path("entries")).hasSize(1);
            JsonNode pin = pins.path("entries").get(0);
            assertThat(pin.path("user").asText()).isEqualTo("otto-operator");
            assertThat(pin.path("role").asText()).isEqualTo("operator");
            assertThat(pin.path("action").asText()).isEqualTo("camera.pin");
            assertThat(pin.path("target").asText()).isEqualTo("square");

            JsonNode logins = json(TestHttp.get(base + "/api/audit?action=login&user=otto-operator", admin));
            assertThat(logins.path("entries")).extracting(n -> n.path("ok").asBoolean())
                    .as("newest first: the refused one, then the good one").containsExactly(false, true);
            assertThat(logins.path("entries").get(0).path("address").asText()).isEqualTo("127.0.0.1");
            assertThat(logins.toString()).doesNotContain("not-the-password").doesNotContain("pbkdf2");

            HttpResponse<String> asOperator = TestHttp.get(base + "/api/audit", operator);
            assertThat(asOperator.statusCode()).isEqualTo(403);
            HttpResponse<String> bad = TestHttp.get(base + "/api/audit?limit=0", admin);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).path("code").asText()).isEqualTo("bad_request");
        }
        try (CityWatchApp app = start()) {
            String base = "http://127.0.0.1:" + app.port();
            String admin = TestSecurity.token(HTTP, base, "ada-admin");
            JsonNode all = json(TestHttp.get(base + "/api/audit?action=camera.pin", admin));
            assertThat(all.path("entries")).as("read back from the file after the restart").hasSize(1);
            assertThat(all.path("entries").get(0).path("user").asText()).isEqualTo("otto-operator");
        }
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
