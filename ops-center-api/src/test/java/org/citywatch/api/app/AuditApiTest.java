package org.citywatch.api.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Every user action lands in the audit trail with its user, admins read it over HTTP (nobody else may), and it is
 * still there after a restart. Throttled sign-ins stay out of it, and a name that is no user's (perhaps a password
 * typed in the wrong field) is kept only as a hash, in the trail and the log. The app runs in process with security
 * on and one looped clip as its camera.
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

    private final Logger auditLogger = (Logger) LoggerFactory.getLogger("citywatch.audit");
    private final ListAppender<ILoggingEvent> audited = new ListAppender<>();

    @BeforeEach
    void attach() {
        audited.start();
        auditLogger.addAppender(audited);
    }

    @AfterEach
    void detach() {
        auditLogger.detachAppender(audited);
    }

    /** The lines on {@code citywatch.audit} so far. */
    private List<String> logLines() {
        synchronized (audited) { // the lock logback appends under
            return audited.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
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

            // A password typed into the name field, and someone guessing until the throttle answers 429.
            String typedPassword = TestSecurity.password("otto-operator");
            assertThat(TestSecurity.login(HTTP, base, typedPassword, "otto-operator").statusCode()).isEqualTo(401);
            int refused = 0;
            int throttled = 0;
            for (int i = 0; i < 15 && throttled < 3; i++) {
                int status = TestSecurity.login(HTTP, base, "mallory", "guess-" + i).statusCode();
                assertThat(status).isIn(401, 429);
                refused += status == 401 ? 1 : 0;
                throttled += status == 429 ? 1 : 0;
            }
            assertThat(throttled).isEqualTo(3);
            JsonNode guesses = json(TestHttp.get(base + "/api/audit?action=login&user=" + unknown("mallory"), admin));
            assertThat(guesses.path("entries")).as("the refused ones only, not the throttled").hasSize(refused)
                    .allSatisfy(e -> assertThat(e.path("detail").asText()).isEqualTo("wrong user name or password"));
            JsonNode typed = json(TestHttp.get(base + "/api/audit?action=login&user=" + unknown(typedPassword), admin));
            assertThat(typed.path("entries")).hasSize(1);
            String everything = json(TestHttp.get(base + "/api/audit?limit=1000", admin)).toString();
            assertThat(everything).doesNotContain(typedPassword).doesNotContain("mallory").doesNotContain("throttled");
            assertThat(logLines()).filteredOn(l -> l.contains("throttled")).as("one line for the burst").hasSize(1)
                    .first().asString().contains("user=" + unknown("mallory"));
            assertThat(logLines()).noneMatch(l -> l.contains(typedPassword) || l.contains("mallory"));

            HttpResponse<String> asOperator = TestHttp.get(base + "/api/audit", operator);
            assertThat(asOperator.statusCode()).isEqualTo(403);
            HttpResponse<String> bad = TestHttp.get(base + "/api/audit?limit=0", admin);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).path("code").asText()).isEqualTo("bad_request");
        }
        String file = Files.readString(dir.resolve("audit.jsonl"), StandardCharsets.UTF_8);
        assertThat(file).as("written by close() at the latest").contains("camera.pin").contains(unknown("mallory"))
                .doesNotContain("mallory").doesNotContain("Pa55word").doesNotContain("throttled");
        try (CityWatchApp app = start()) {
            String base = "http://127.0.0.1:" + app.port();
            String admin = TestSecurity.token(HTTP, base, "ada-admin");
            JsonNode all = json(TestHttp.get(base + "/api/audit?action=camera.pin", admin));
            assertThat(all.path("entries")).as("read back from the file after the restart").hasSize(1);
            assertThat(all.path("entries").get(0).path("user").asText()).isEqualTo("otto-operator");
        }
    }

    /** How the audit keeps a sign-in name that is no user's. */
    private static String unknown(String name) throws Exception {
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        return "unknown:" + HexFormat.of().formatHex(sha).substring(0, 12);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
