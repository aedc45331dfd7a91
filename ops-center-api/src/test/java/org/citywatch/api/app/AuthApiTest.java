package org.citywatch.api.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing in, users and cameras changed at run time by admins, and errors, over real HTTP against the whole app with
 * a users file. The cameras added here point at a closed port, so nothing is decoded.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AuthApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    static Path dir;
    private static Path usersFile;
    private static CityWatchApp app;
    private static String base;
    private static String admin;
    private static String viewer;

    @BeforeAll
    static void start() throws Exception {
        usersFile = dir.resolve("users.yaml");
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                alerts: { evidence: { dir: "%s" } }
                cameras: []
                """.formatted(dir.resolve("evidence")) + TestSecurity.yaml(TestSecurity.onePerRole())
                + "  usersFile: users.yaml\n";
        app = TestHttp.startApp(yaml, dir);
        base = "http://127.0.0.1:" + app.port();
        admin = TestSecurity.token(HTTP, base, "ada-admin");
        viewer = TestSecurity.token(HTTP, base, "vera-viewer");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void signingInGivesATokenForAShiftAndSaysWhoItIsFor() throws Exception {
        HttpResponse<String> r = TestSecurity.login(HTTP, base, "otto-operator", TestSecurity.password("otto-operator"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("cache-control")).contains("no-store");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("user").asText()).isEqualTo("otto-operator");
        assertThat(body.get("role").asText()).isEqualTo("operator");
        assertThat(body.get("token").asText()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(Instant.parse(body.get("expiresAt").asText()))
                .isBetween(Instant.now().plus(Duration.ofHours(12)).minusSeconds(60), Instant.now().plus(Duration.ofHours(12)));
        JsonNode me = JSON.readTree(call("GET", "/api/me", body.get("token").asText(), null).body());
        assertThat(me.get("user").asText()).isEqualTo("otto-operator");
        assertThat(me.get("role").asText()).isEqualTo("operator");
        assertThat(me.get("security").asBoolean()).isTrue();
    }

    @Test
    void anUnknownUserAndAWrongPasswordGetTheSameAnswerInAboutTheSameTime() throws Exception {
        long wrong = Long.MAX_VALUE;
        long unknown = Long.MAX_VALUE;
        String wrongBody = null;
        String unknownBody = null;
        for (int i = 0; i < 3; i++) { // fewer than the free failures of one name
            long t0 = System.nanoTime();
            HttpResponse<String> a = TestSecurity.login(HTTP, base, "dana-dispatcher", "not-her-password");
            long t1 = System.nanoTime();
            HttpResponse<String> b = TestSecurity.login(HTTP, base, "nobody-by-this-name", "not-her-password");
            long t2 = System.nanoTime();
            assertThat(a.statusCode()).isEqualTo(401);
            assertThat(b.statusCode()).isEqualTo(401);
            wrongBody = a.body();
            unknownBody = b.body();
            wrong = Math.min(wrong, t1 - t0);
            unknown = Math.min(unknown, t2 - t1);
        }
        assertThat(unknownBody).isEqualTo(wrongBody);
        assertThat(JSON.readTree(wrongBody).get("code").asText()).isEqualTo("unauthorized");
        // Both pay for one PBKDF2 check (tens of ms): an unknown name is not answered faster.
        assertThat(TimeUnit.NANOSECONDS.toMillis(unknown)).as("unknown user, ms").isGreaterThanOrEqualTo(20);
        assertThat((double) unknown / wrong).as("unknown / wrong password time").isBetween(0.33, 3.0);
    }

    @Test
    void repeatedFailuresForOneNameAreThrottled() throws Exception {
        int status = 0;
        HttpResponse<String> r = null;
        for (int i = 0; i < 10 && status != 429; i++) {
            r = TestSecurity.login(HTTP, base, "mallory", "guess-" + i);
            status = r.statusCode();
        }
        assertThat(status).isEqualTo(429);
        assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo("too_many_attempts");
        assertThat(Integer.parseInt(r.headers().firstValue("retry-after").orElseThrow())).isBetween(1, 300);
        assertThat(TestSecurity.login(HTTP, base, "vera-viewer", TestSecurity.password("vera-viewer")).statusCode())
                .as("others still sign in from the same address").isEqualTo(200);
    }

    @Test
    void adminsManageUsersAndTheUsersFileKeepsThem() throws Exception {
        assertThat(call("PUT", "/api/users/nina", admin, "{\"role\":\"operator\"}").statusCode())
                .as("a new user needs a password").isEqualTo(400);
        assertThat(call("PUT", "/api/users/nina", admin, "{\"role\":\"chief\",\"password\":\"long-enough-1\"}")
                .statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/api/users/nina", admin, "{\"role\":\"operator\",\"password\":\"short\"}")
                .statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/api/users/bad%20name", admin, "{\"role\":\"operator\",\"password\":\"long-enough-1\"}")
                .statusCode()).isEqualTo(400);
        HttpResponse<String> created = call("PUT", "/api/users/nina", admin,
                "{\"role\":\"operator\",\"password\":\"nina-night-shift\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).get("role").asText()).isEqualTo("operator");
        String nina = TestSecurity.login(HTTP, base, "nina", "nina-night-shift").statusCode() == 200
                ? JSON.readTree(TestSecurity.login(HTTP, base, "nina", "nina-night-shift").body()).get("token").asText()
                : null;
        assertThat(nina).as("nina signs in").isNotNull();

        String users = call("GET", "/api/users", admin, null).body();
        assertThat(JSON.readTree(users).findValuesAsText("name")).contains("nina", "ada-admin");
        assertThat(users).doesNotContain("pbkdf2").doesNotContain("Hash");
        String file = Files.readString(usersFile);
        assertThat(file).contains("nina").contains("pbkdf2-sha256$").doesNotContain("nina-night-shift");

        assertThat(call("PUT", "/api/users/nina", admin, "{\"role\":\"viewer\"}").statusCode()).isEqualTo(200);
        assertThat(call("POST", "/api/cameras/none/pin", nina, null).statusCode())
                .as("a demoted user's token loses the role at once").isEqualTo(403);
        assertThat(call("DELETE", "/api/users/nina", admin, null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/me", nina, null).statusCode()).as("a removed user's token").isEqualTo(401);
        assertThat(TestSecurity.login(HTTP, base, "nina", "nina-night-shift").statusCode()).isEqualTo(401);
        assertThat(call("DELETE", "/api/users/nina", admin, null).statusCode()).isEqualTo(404);
        assertThat(Files.readString(usersFile)).doesNotContain("nina");

        HttpResponse<String> last = call("DELETE", "/api/users/ada-admin", admin, null);
        assertThat(last.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(last.body()).get("code").asText()).isEqualTo("conflict");
        assertThat(call("PUT", "/api/users/ada-admin", admin, "{\"role\":\"viewer\"}").statusCode()).isEqualTo(409);
    }

    @Test
    void adminsAddChangeAndRemoveCamerasAtRunTimeWithoutSeeingCredentials() throws Exception {
        String entry = """
                {"name":"Depot gate","url":"rtsp://admin:Gate-S3cret@127.0.0.1:1/ch1","kind":"traffic",
                 "district":"District 7","latitude":10.73,"longitude":106.72}""";
        HttpResponse<String> added = call("PUT", "/api/cameras/depot-gate", admin, entry);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(added.body()).doesNotContain("Gate-S3cret").contains("rtsp://***@127.0.0.1:1/ch1");
        assertThat(JSON.readTree(added.body()).get("change").asText()).isEqualTo("started");
        JsonNode cameras = JSON.readTree(call("GET", "/api/cameras", viewer, null).body());
        assertThat(cameras.findValuesAsText("id")).contains("depot-gate");
        assertThat(cameras.toString()).doesNotContain("Gate-S3cret");

        HttpResponse<String> renamed = call("PUT", "/api/cameras/depot-gate", admin,
                entry.replace("Depot gate", "Depot north gate"));
        assertThat(JSON.readTree(renamed.body()).get("change").asText()).isEqualTo("updated");
        HttpResponse<String> moved = call("PUT", "/api/cameras/depot-gate", admin, entry.replace("ch1", "ch2"));
        assertThat(JSON.readTree(moved.body()).get("change").asText()).isEqualTo("restarted");

        HttpResponse<String> bad = call("PUT", "/api/cameras/depot-gate", admin, entry.replace("10.73", "100.73"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("message").asText()).contains("position").doesNotContain("Gate-S3cret");
        assertThat(call("PUT", "/api/cameras/depot-gate", admin, entry.replace("\"kind\"", "\"kinds\""))
                .body()).contains("unknown field 'kinds'");
        assertThat(call("PUT", "/api/cameras/depot-gate", admin, "{\"id\":\"other\"," + entry.substring(1))
                .statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/api/cameras/depot-gate", admin, entry.replace("}", ",\"scene\":{\"rules\":"
                + "[{\"type\":\"teleport\"}]}}")).body()).contains("teleport");
        assertThat(call("PUT", "/api/cameras/depot-gate", admin, "[1,2]").statusCode()).isEqualTo(400);

        assertThat(call("DELETE", "/api/cameras/depot-gate", admin, null).statusCode()).isEqualTo(204);
        assertThat(JSON.readTree(call("GET", "/api/cameras", viewer, null).body()).findValuesAsText("id"))
                .doesNotContain("depot-gate");
        assertThat(call("DELETE", "/api/cameras/depot-gate", admin, null).statusCode()).isEqualTo(404);
    }

    @Test
    void errorsAreJsonWithAStableCodeAndNoStackTrace() throws Exception {
        HttpResponse<String> method = call("PUT", "/api/alerts", admin, "{}");
        assertError(method, 405, "method_not_allowed");
        assertThat(method.headers().firstValue("allow")).contains("GET");
        assertError(call("GET", "/api/cameras/x/pin", admin, null), 405, "method_not_allowed");
        assertError(call("GET", "/api/no-such-thing", admin, null), 404, "not_found");
        assertError(call("GET", "/no-such-page", null, null), 404, "not_found");
        assertError(call("POST", "/api/login", null, "{\"user\":\"x\",\"password\":\"" + "p".repeat(100_000) + "\"}"),
                413, "payload_too_large");
        assertError(call("POST", "/api/login", null, "not json"), 400, "bad_request");
        assertError(call("POST", "/api/login", null, "{\"user\":42}"), 400, "bad_request");
        assertError(call("PUT", "/api/users/x", admin, "{\"role\":"), 400, "bad_request");
        assertError(call("GET", "/api/alerts?from=yesterday", viewer, null), 400, "bad_request");
    }

    private static void assertError(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        return TestHttp.send(TestHttp.request(method, base + path, token, body).timeout(Duration.ofSeconds(20))
                .build());
    }
}
