package org.citywatch.api.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/alerts} over real HTTP, each filter and the paging cursor, against alerts published into the
 * in-memory store of the whole app (as its incident trackers publish them); and a dispatcher closing an alert as a
 * false alarm.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AlertQueryApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The alerts' times: two hours ago, on the minute (so that from/to are easy to read). */
    private static final Instant T0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    @TempDir
    static Path dir;
    private static CityWatchApp app;
    private static String base;
    private static String viewer;
    private static String operator;
    private static String dispatcher;
    /** a1 … a6 oldest first, ten minutes apart; a7 (District 9) is the one closed as a false alarm. */
    private static String a1;
    private static String a2;
    private static String a3;
    private static String a4;
    private static String a5;
    private static String a6;
    private static String a7;

    @BeforeAll
    static void start() throws Exception {
        app = TestHttp.startApp(TestHttp.withoutCameras(dir) + TestSecurity.yaml(TestSecurity.onePerRole()), dir);
        base = "http://127.0.0.1:" + app.port();
        viewer = TestSecurity.token(HTTP, base, "vera-viewer");
        operator = TestSecurity.token(HTTP, base, "otto-operator");
        dispatcher = TestSecurity.token(HTTP, base, "dana-dispatcher");

        a1 = publish("cam-a", "District 1", AlertType.CROWD, Severity.P3, 0);
        a2 = publish("cam-b", "District 1", AlertType.INTRUSION, Severity.P1, 10);
        a3 = publish("cam-a", "District 1", AlertType.LOITERING, Severity.P2, 20);
        a4 = publish("cam-c", "Thu Duc", AlertType.CONGESTION, Severity.P4, 30);
        a5 = publish("cam-c", "Thu Duc", AlertType.CROWD, Severity.P2, 40);
        a6 = publish("cam-b", "District 1", AlertType.CROWD, Severity.P1, 50);
        a7 = publish("cam-z", "District 9", AlertType.STOPPED_VEHICLE, Severity.P3, 60);
        assertThat(act(a3, "acknowledge", "{}", operator).statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static String publish(String camera, String district, AlertType type, Severity severity, int minutes) {
        AlertEvent e = TestAlerts.raised(camera, district, type, severity, T0.plus(minutes, ChronoUnit.MINUTES));
        app.alerts().publish(e);
        return e.alert().id();
    }

    @Test
    void eachFilterSelectsTheAlertsItNamesNewestFirst() throws Exception {
        assertThat(ids("")).containsExactly(a7, a6, a5, a4, a3, a2, a1);
        assertThat(ids("district=" + encode("District 1"))).containsExactly(a6, a3, a2, a1);
        assertThat(ids("district=" + encode("Thu Duc"))).containsExactly(a5, a4);
        assertThat(ids("district=Nowhere")).isEmpty();
        assertThat(ids("camera=cam-c")).containsExactly(a5, a4);
        assertThat(ids("type=CROWD")).containsExactly(a6, a5, a1);
        assertThat(ids("type=crowd")).as("any case").containsExactly(a6, a5, a1);
        assertThat(ids("severity=P2")).as("P2 or more severe").containsExactly(a6, a5, a3, a2);
        assertThat(ids("severity=P1")).containsExactly(a6, a2);
        assertThat(ids("severity=P4")).as("everything").hasSize(7);
        assertThat(ids("state=ACKNOWLEDGED")).containsExactly(a3);
        assertThat(ids("state=new&district=" + encode("District 1"))).containsExactly(a6, a2, a1);
        // from is inclusive, to exclusive: a2 raised at T0+10m is in, a5 at T0+40m is out.
        assertThat(ids("from=" + at(10) + "&to=" + at(40))).containsExactly(a4, a3, a2);
        assertThat(ids("from=" + at(45))).containsExactly(a7, a6);
        assertThat(ids("to=" + at(10))).containsExactly(a1);
        assertThat(ids("district=" + encode("District 1") + "&type=CROWD&severity=P1&from=" + at(0) + "&to="
                + at(60) + "&state=NEW&camera=cam-b")).containsExactly(a6);
    }

    @Test
    void pagesFollowTheBeforeCursorToTheEnd() throws Exception {
        List<String> all = new ArrayList<>();
        String query = "district=" + encode("District 1") + "&limit=3";
        List<String> page = ids(query);
        assertThat(page).containsExactly(a6, a3, a2);
        all.addAll(page);
        page = ids(query + "&before=" + page.getLast());
        assertThat(page).containsExactly(a1);
        all.addAll(page);
        assertThat(ids(query + "&before=" + page.getLast())).isEmpty();
        assertThat(all).containsExactly(a6, a3, a2, a1);

        assertThat(ids("limit=2")).containsExactly(a7, a6);
        assertThat(ids("limit=2&before=" + a6)).containsExactly(a5, a4);
        assertThat(ids("limit=2&before=" + a4 + "&type=CROWD")).as("the cursor with a filter").containsExactly(a1);
    }

    @Test
    void badValuesAreRefusedWithTheirReason() throws Exception {
        for (String bad : List.of("severity=P9", "state=OPEN", "type=FIRE", "from=yesterday", "to=2026-13-01",
                "limit=0", "limit=1001", "limit=ten")) {
            HttpResponse<String> r = get("/api/alerts?" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("code").asText()).isEqualTo("bad_request");
            assertThat(body.get("message").asText()).as(bad).contains(bad.substring(0, bad.indexOf('=')));
        }
    }

    @Test
    void aDispatcherClosesAnAlertAsAFalseAlarmWithTheReasonInItsAuditTrail() throws Exception {
        assertThat(act(a7, "false-alarm", "{}", operator).statusCode()).as("operators do not close").isEqualTo(403);
        HttpResponse<String> closed = act(a7, "false-alarm",
                "{\"user\":\"someone-else\",\"why\":\"a shadow on the lens\",\"note\":\"checked the feed\"}",
                dispatcher);
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        JsonNode alert = JSON.readTree(closed.body());
        assertThat(alert.get("id").asText()).isEqualTo(a7);
        assertThat(alert.get("state").asText()).isEqualTo("FALSE_ALARM");
        JsonNode step = alert.get("audit").get(0);
        assertThat(alert.get("audit")).hasSize(1);
        assertThat(step.get("user").asText()).isEqualTo("dana-dispatcher");
        assertThat(step.get("from").asText()).isEqualTo("NEW");
        assertThat(step.get("to").asText()).isEqualTo("FALSE_ALARM");
        assertThat(step.get("why").asText()).isEqualTo("a shadow on the lens");
        assertThat(step.get("note").asText()).isEqualTo("checked the feed");

        assertThat(JSON.readTree(get("/api/alerts/" + a7).body()).get("state").asText()).isEqualTo("FALSE_ALARM");
        assertThat(ids("state=false-alarm")).containsExactly(a7);
        assertThat(app.alerts().get(a7).orElseThrow().state().name()).as("in the store").isEqualTo("FALSE_ALARM");
        HttpResponse<String> again = act(a7, "resolve", "{}", dispatcher);
        assertThat(again.statusCode()).as("its workflow is closed").isEqualTo(409);
        assertThat(JSON.readTree(again.body()).get("code").asText()).isEqualTo("conflict");
    }

    private static String at(int minutes) {
        return T0.plus(minutes, ChronoUnit.MINUTES).toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The ids {@code GET /api/alerts?query} answers, in its order; fails unless it answers 200. */
    private static List<String> ids(String query) throws Exception {
        HttpResponse<String> r = get("/api/alerts" + (query.isEmpty() ? "" : "?" + query));
        assertThat(r.statusCode()).as("%s: %s", query, r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        JSON.readTree(r.body()).forEach(a -> out.add(a.get("id").asText()));
        return out;
    }

    /** A viewer's GET. */
    private static HttpResponse<String> get(String path) throws Exception {
        return TestHttp.get(base + path, viewer);
    }

    private static HttpResponse<String> act(String id, String action, String body, String token) throws Exception {
        return TestHttp.post(base + "/api/alerts/" + id + "/" + action, token, body);
    }
}
