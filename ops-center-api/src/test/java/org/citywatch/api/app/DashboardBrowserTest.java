package org.citywatch.api.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard in a real browser: Debian's Chromium driven by Playwright (its Java client; no browser is
 * downloaded), against the whole application started in process with the demo's four sample cameras.
 *
 * <p>The scenario, in order: an operator logs in and sees the wall's four tiles refresh; the operator pins the
 * pedestrian camera, which makes it analysed, and its crowd alert (P1, short thresholds) is pushed to the open
 * page and its tile reads "Live analysis" at once; the operator acknowledges it and a second session, another user's,
 * sees the state change without a reload, and the operator plays its clip; the map shows, and its marker opens the
 * camera with its alert; the statistics show the highway's vehicle counts; a viewer finds no acknowledge button and
 * the API refuses the viewer's POST with 403. Every request of every page went to the application itself (nothing
 * from a CDN). Screenshots of the wall, the feed, the map and the statistics go to
 * {@code ops-center-ui/docs/screenshots/} (shown by the UI's README).
 *
 * <p>The pedestrian camera is not analysed until pinned: one analysis slot (maxConcurrentStreams 1) and a
 * patrol that dwells an hour on the first camera. So its alert is raised while the pages are open, not before.
 * The highway camera holds that slot until then, and counts the vehicles crossing its gantry.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CROWD_CAMERA = "cam-d1-nguyenhue";
    private static final Path SCREENSHOTS = Path.of("..", "ops-center-ui", "docs", "screenshots");
    /** The test's users: op-lan operator, disp-minh dispatcher, view-an viewer (passwords: TestSecurity's). */
    private static final Map<String, String> USERS = Map.of(
            "op-lan", "operator", "disp-minh", "dispatcher", "view-an", "viewer");

    private static CityWatchApp app;
    private static String base;
    private static Playwright playwright;
    private static Browser browser;
    private static BrowserContext operatorContext;
    private static BrowserContext dispatcherContext;
    private static Page operator;
    private static Page dispatcher;
    private static String alertId;
    /** Every URL a page of the test requested, and every WebSocket it opened. */
    private static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
    private static final List<String> WEB_SOCKETS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> chromium = Chromium.find();
        // CI installs Chromium (.ci/install); a developer machine without it skips this class, saying so.
        if (System.getenv("CI") == null) {
            assumeTrue(chromium.isPresent(), "Chromium is not installed (apt-get install chromium)");
        }
        assertThat(chromium).as("Chromium must be installed in CI").isPresent();

        // The browser first: starting the driver takes a few seconds, the cameras should not wait for it.
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        // Playwright gives each launch a fresh temporary profile (user-data-dir), removed at close.
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(chromium.get())
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));

        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                analytics:
                  maxConcurrentStreams: 1
                  targetFps: 3
                  patrolDwellSeconds: 3600
                alerts: { cooldownSeconds: 60 }
                cameras:
                  - id: cam-d2-hanoi-hwy
                    name: "Hanoi Highway, Thu Duc interchange"
                    url: "asset:highway_video02_h264.mp4"
                    kind: traffic
                    district: Thu Duc
                    latitude: 10.8231
                    longitude: 106.7510
                    scene:
                      lines: [ { id: gantry, from: [0.39, 0.55], to: [0.86, 0.55], forward: towards, backward: away } ]
                      rules: [ { type: count, line: gantry } ]
                  - { id: cam-d3-ward-office, name: Ward 6 office lobby, url: "asset:one-by-one-person-detection.mp4",
                      kind: ward, district: District 3, latitude: 10.7797, longitude: 106.6881 }
                  - { id: cam-d1-bachdang, name: Bach Dang wharf promenade, url: "asset:vtest_first20s_h264.mp4",
                      kind: ward, district: District 1, latitude: 10.7736, longitude: 106.7064 }
                  - id: cam-d1-nguyenhue
                    name: Nguyen Hue walking street
                    url: "asset:vtest_first20s_h264.mp4"
                    kind: ward
                    district: District 1
                    latitude: 10.7743
                    longitude: 106.7038
                    scene:
                      rules: [ { type: crowd, minPersons: 3, minSeconds: 1, holdSeconds: 30, severity: P1 } ]
                """ + TestSecurity.yaml(USERS);
        app = TestHttp.startApp(yaml, Path.of("."));
        base = "http://127.0.0.1:" + app.port();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (app != null) {
            app.close();
        }
    }

    /** A fresh browser session (its own storage), logged in as {@code user} when the server asks for a login. */
    private static Page login(BrowserContext context, String user) {
        Page page = context.newPage();
        page.onWebSocket(ws -> WEB_SOCKETS.add(ws.url()));
        page.navigate(base + "/");
        page.waitForSelector("body[data-page]");
        if ("login".equals(page.getAttribute("body", "data-page"))) {
            page.fill("#login-user", user);
            page.fill("#login-password", TestSecurity.password(user));
            page.click("#login-submit");
        }
        page.waitForSelector("body[data-page=app]");
        // Set once: still there later means the page was never reloaded.
        page.evaluate("window.__sameDocument = true");
        return page;
    }

    /** A browser context whose every request is recorded (the last test checks where they went). */
    private static BrowserContext context(String locale) {
        BrowserContext c = browser.newContext(new Browser.NewContextOptions().setViewportSize(1600, 900)
                .setLocale(locale).setTimezoneId("Asia/Ho_Chi_Minh"));
        c.onRequest(r -> REQUESTS.add(r.url()));
        return c;
    }

    private static void assertSameDocument(Page page) {
        assertThat(page.evaluate("window.__sameDocument === true")).as("the page was not reloaded").isEqualTo(true);
    }

    @Test
    @Order(1)
    void theOperatorSeesTheWallWithFourLiveTiles() {
        operatorContext = context("en-GB");
        operator = login(operatorContext, "op-lan");
        assertThat(operator.getAttribute("#user", "data-role")).isIn("operator", "admin");

        Locator tiles = operator.locator("#camera-grid .tile");
        operator.waitForFunction("() => document.querySelectorAll('#camera-grid .tile').length === 4", null,
                new Page.WaitForFunctionOptions().setTimeout(30_000));
        assertThat(tiles.count()).isEqualTo(4);
        assertThat(operator.getAttribute("#camera-grid", "data-size")).isEqualTo("2");
        // Every tile's picture is replaced by a different one ...
        operator.waitForFunction("() => [...document.querySelectorAll('#camera-grid .tile')]"
                        + ".every(t => Number(t.dataset.changes) >= 1)", null,
                new Page.WaitForFunctionOptions().setTimeout(40_000));
        // ... about once a second, analysed or not: the tiles' requests keep their cameras live on the server.
        // Over 6 s each tile shows at least 3 new pictures (about 6 expected; a thumbnail-only tile shows at most one).
        String changes = "() => [...document.querySelectorAll('#camera-grid .tile')].map(t => Number(t.dataset.changes))";
        @SuppressWarnings("unchecked")
        List<Number> before = (List<Number>) operator.evaluate(changes);
        operator.waitForTimeout(6_000);
        @SuppressWarnings("unchecked")
        List<Number> after = (List<Number>) operator.evaluate(changes);
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i).intValue() - before.get(i).intValue())
                    .as("new pictures on tile %d in 6 s (before %s, after %s)", i, before, after)
                    .isGreaterThanOrEqualTo(3);
        }
        for (Locator tile : tiles.all()) {
            assertThat(tile.locator("img.tile-img").getAttribute("src")).startsWith("blob:");
            assertThat(tile.locator(".tile-name").textContent()).isNotBlank();
            assertThat(tile.locator(".tile-status").textContent()).isEqualTo("Online");
        }
        assertThat(operator.locator("#live-status").getAttribute("data-state")).isEqualTo("connected");
        // No alert yet: the crowd camera is not analysed until someone pins it.
        assertThat(operator.locator(".alert-item").count()).isZero();
    }

    @Test
    @Order(2)
    void theHighwayCountsVehiclesWhileItHoldsTheSlot() throws Exception {
        // Before the pin takes the one slot from it: the statistics' vehicle counts then show real crossings.
        String token = token("view-an");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long crossings = 0;
        while (crossings == 0 && System.nanoTime() < deadline) {
            for (JsonNode r : JSON.readTree(TestHttp.get(base + "/api/stats/counts", token).body()).path("series")) {
                crossings += r.path("count").asLong();
            }
            if (crossings == 0) {
                Thread.sleep(500);
            }
        }
        assertThat(crossings).as("vehicles counted on the highway's gantry within 60 s").isPositive();
    }

    @Test
    @Order(3)
    void aPinnedCamerasAlertIsPushedToTheOpenPages() {
        dispatcherContext = context("vi-VN");
        dispatcher = login(dispatcherContext, "disp-minh");
        dispatcher.waitForSelector("#live-status[data-state=connected]");
        operator.waitForSelector("#live-status[data-state=connected]");

        String tile = "#camera-grid .tile[data-camera-id=" + CROWD_CAMERA + "]";
        operator.click(tile + " .tile-pin");
        operator.waitForSelector(tile + ".pinned");
        // The pin changes the schedule at once on the server: the tile says so within 3 s (the camera list is
        // fetched again at once and the push brings the change), not at the next 5-s poll.
        operator.waitForSelector(tile + ".pinned[data-analysis=LIVE]", new Page.WaitForSelectorOptions().setTimeout(3_000));

        String item = ".alert-item[data-camera-id=" + CROWD_CAMERA + "]";
        operator.waitForSelector(item, new Page.WaitForSelectorOptions().setTimeout(90_000));
        alertId = operator.getAttribute(item, "data-alert-id");
        assertThat(operator.getAttribute(item, "data-severity")).isEqualTo("P1");
        assertThat(operator.getAttribute(item, "data-state")).isEqualTo("NEW");
        // A P1 nobody acknowledged: highlighted, sounded, and the tile's border shows it.
        assertThat(operator.getAttribute(item, "class")).contains("attention");
        operator.waitForFunction("() => Number(document.body.dataset.beeps || 0) >= 1");
        operator.waitForSelector("#camera-grid .tile.sev-border-p1[data-camera-id=" + CROWD_CAMERA + "]");
        // Pinned and alerting: still pinned (PINNED outranks ALERT), still under live analysis.
        assertThat(operator.getAttribute(tile, "class")).contains("pinned");
        assertThat(operator.getAttribute(tile, "data-analysis")).isEqualTo("LIVE");
        assertThat(operator.locator(tile + " .tile-analysis").textContent()).startsWith("Live analysis");
        dispatcher.waitForSelector(".alert-item[data-alert-id='" + alertId + "']");
        assertSameDocument(operator);
        assertSameDocument(dispatcher);

        operator.waitForSelector(".alert-item[data-alert-id='" + alertId + "'] .alert-thumb img[src^='blob:']",
                new Page.WaitForSelectorOptions().setTimeout(20_000));
        operator.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("wall.png")));
        operator.locator("#feed").screenshot(new Locator.ScreenshotOptions().setPath(SCREENSHOTS.resolve("feed.png")));
    }

    @Test
    @Order(4)
    void theOperatorAcknowledgesAndTheOtherSessionSeesItLive() {
        assertThat(alertId).as("the alert of the previous step").isNotNull();
        String item = ".alert-item[data-alert-id='" + alertId + "']";
        Locator actions = operator.locator(item + " .alert-actions button");
        List<String> offered = new ArrayList<>();
        for (Locator b : actions.all()) {
            offered.add(b.getAttribute("data-action"));
        }
        assertThat(offered).as("an operator acknowledges, dispatching is for dispatchers").containsExactly("acknowledge");
        assertThat(dispatcher.locator(item + " button[data-action=dispatch]").count()).isEqualTo(1);

        operator.click(item + " button[data-action=acknowledge]");
        operator.waitForSelector(item + "[data-state=ACKNOWLEDGED]");
        assertThat(operator.getAttribute(item, "class")).doesNotContain("attention");
        dispatcher.waitForSelector(item + "[data-state=ACKNOWLEDGED]", new Page.WaitForSelectorOptions().setTimeout(15_000));
        assertThat(dispatcher.locator(item + " .alert-state").textContent()).isEqualTo("Đã xác nhận");
        assertSameDocument(dispatcher);
        dispatcher.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("wall-vi.png")));

        // The evidence clip, once recorded (the push brings the change): played from an object URL.
        operator.waitForSelector(item + " .clip-play", new Page.WaitForSelectorOptions().setTimeout(60_000));
        operator.click(item + " .clip-play");
        operator.waitForSelector(item + " video.clip-video[src^='blob:']");
        Object playable = operator.evaluate("""
                sel => new Promise(done => {
                  const v = document.querySelector(sel);
                  if (v.readyState >= 1) return done(true);
                  v.addEventListener('loadedmetadata', () => done(true));
                  v.addEventListener('error', () => done('error ' + (v.error && v.error.code)));
                  setTimeout(() => done('readyState ' + v.readyState), 15000);
                })""", item + " video.clip-video");
        assertThat(playable).as("the clip's metadata loads in the browser").isEqualTo(true);
        dispatcherContext.close();
    }

    @Test
    @Order(5)
    void theMapShowsTheCamerasAndOpensALiveView() {
        operator.navigate(base + "/#map");
        operator.waitForSelector("#camera-map[data-markers='4']");
        // With no tile server configured: a plain background with district labels.
        operator.waitForSelector("#camera-map.no-tiles .district-label");
        assertThat(operator.locator("#camera-map .district-label").allTextContents())
                .contains("District 1", "District 3", "Thu Duc");
        operator.locator("#camera-map .cam-marker[data-camera-id=cam-d2-hanoi-hwy]").click();
        operator.waitForSelector("#camera-panel[data-camera-id=cam-d2-hanoi-hwy]");
        operator.waitForFunction("() => Number(document.querySelector('#camera-panel').dataset.frames || 0) >= 1");
        operator.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("map.png")));

        // The crowd camera's marker (in a cluster with its District 1 neighbour at this zoom: a click on the
        // cluster zooms in) opens its panel, which lists its alert.
        String marker = "#camera-map .cam-marker[data-camera-id=" + CROWD_CAMERA + "]";
        if (operator.locator(marker).count() == 0) {
            operator.locator("#camera-map .cam-cluster").first().click();
        }
        operator.locator(marker).click();
        operator.waitForSelector("#camera-panel[data-camera-id=" + CROWD_CAMERA + "]");
        operator.waitForSelector("#camera-panel .camera-panel-alert[data-alert-id='" + alertId + "']");
        assertThat(operator.locator("#camera-panel .camera-panel-alert[data-alert-id='" + alertId + "'] .badge")
                .textContent()).isEqualTo("P1");
    }

    @Test
    @Order(6)
    void theStatisticsShowAlertsPerHourAndTheSystemsThroughput() {
        operator.navigate(base + "/#stats");
        operator.waitForSelector("#system-figures [data-figure=camerasOnline]");
        assertThat(operator.locator("#system-figures [data-figure=camerasOnline] .figure-value").textContent())
                .isEqualTo("4 / 4");
        operator.waitForSelector("#chart-alerts");
        // The vehicle counts chart, with the highway's crossings (counted before the pin took its slot).
        operator.waitForSelector("#chart-counts[data-total]");
        assertThat(Long.parseLong(operator.getAttribute("#chart-counts", "data-total"))).isPositive();
        assertThat(operator.getAttribute("#chart-counts", "data-classes")).isNotBlank();
        assertThat(operator.locator(".card-counts .chart-note").isHidden()).as("no empty-state note").isTrue();
        Object painted = operator.evaluate("""
                sel => { const c = document.querySelector(sel);
                         const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                         let n = 0; for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) n++; return n; }""",
                "#chart-counts");
        assertThat(((Number) painted).intValue()).as("pixels the chart painted").isPositive();
        // The throughput chart starts with the server's samples since start (one per 10 s), not empty.
        operator.waitForSelector("#chart-system[data-points]");
        assertThat(Integer.parseInt(operator.getAttribute("#chart-system", "data-points")))
                .as("the server's history and this page's first sample").isGreaterThanOrEqualTo(3);
        operator.waitForTimeout(500);
        operator.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("stats.png")));
    }

    @Test
    @Order(7)
    void aViewerHasNoAcknowledgeButtonAndTheApiRefusesIt() throws Exception {
        try (BrowserContext viewerContext = context("en-GB")) {
            Page viewer = login(viewerContext, "view-an");
            assertThat(viewer.getAttribute("#user", "data-role")).isEqualTo("viewer");
            viewer.waitForSelector(".alert-item", new Page.WaitForSelectorOptions().setTimeout(15_000));
            assertThat(viewer.locator(".alert-actions").count()).isZero();
            assertThat(viewer.locator("button[data-action]").count()).isZero();
            assertThat(viewer.locator(".tile-pin").count()).as("pinning is for operators").isZero();
            viewer.locator(".alert-item").first().waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE));

            // Signing out forgets the token: a reload shows the sign-in page again.
            viewer.click("#logout");
            viewer.waitForSelector("body[data-page=login]");
            assertThat(viewer.evaluate("sessionStorage.length")).isEqualTo(0);
            viewer.reload();
            viewer.waitForSelector("#login-form");
        }
        String token = token("view-an");
        String newAlert = JSON.readTree(TestHttp.get(base + "/api/alerts?limit=1", token).body()).get(0).get("id")
                .asText();
        HttpResponse<String> refused = TestHttp.post(base + "/api/alerts/" + newAlert + "/acknowledge", token, "{}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).get("code").asText()).isEqualTo("forbidden");
    }

    @Test
    @Order(8)
    void theMapStaysSmoothWithFifteenHundredCameras() {
        // The camera list is replaced in this session only (Playwright answers the request): 1,500 cameras
        // spread over the city, a tenth offline.
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 1500; i++) {
            if (i > 0) {
                body.append(',');
            }
            double lat = 10.70 + (i % 50) * 0.004;
            double lon = 106.60 + (i / 50) * 0.006;
            body.append(String.format(java.util.Locale.ROOT,
                    "{\"id\":\"sim-%d\",\"name\":\"Sim %d\",\"district\":\"District %d\",\"latitude\":%.5f,"
                            + "\"longitude\":%.5f,\"status\":\"%s\",\"online\":%s}",
                    i, i, 1 + i % 12, lat, lon, i % 10 == 0 ? "RETRYING" : "STREAMING", i % 10 == 0 ? "false" : "true"));
        }
        body.append(']');
        String cameras = body.toString();
        operator.route("**/api/cameras", r -> r.fulfill(new Route.FulfillOptions().setStatus(200)
                .setContentType("application/json").setBody(cameras)));
        try {
            operator.navigate(base + "/#map");
            operator.waitForSelector("#camera-map[data-markers='1500']", new Page.WaitForSelectorOptions().setTimeout(30_000));
            // Frames drawn while the map zooms in and out three times: clusters keep the DOM small.
            Object fps = operator.evaluate("""
                    async () => {
                      let frames = 0; let running = true;
                      const count = () => { frames++; if (running) requestAnimationFrame(count); };
                      requestAnimationFrame(count);
                      const map = document.querySelector('#camera-map');
                      const zoomIn = document.querySelector('.leaflet-control-zoom-in');
                      const zoomOut = document.querySelector('.leaflet-control-zoom-out');
                      const t0 = performance.now();
                      for (let i = 0; i < 3; i++) {
                        zoomIn.click(); await new Promise(r => setTimeout(r, 400));
                        zoomOut.click(); await new Promise(r => setTimeout(r, 400));
                      }
                      running = false;
                      return { fps: frames / ((performance.now() - t0) / 1000),
                               elements: map.querySelectorAll('.leaflet-marker-icon').length };
                    }""");
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) fps;
            double framesPerSecond = ((Number) result.get("fps")).doubleValue();
            int elements = ((Number) result.get("elements")).intValue();
            System.out.printf("map with 1500 cameras: %.1f frames/s while zooming, %d marker elements%n",
                    framesPerSecond, elements);
            assertThat(elements).as("clusters, not 1,500 markers, in the DOM").isLessThan(400);
            // Measured and printed, only a floor asserted: about 45 frames/s with an idle machine (no GPU), 15 to 23
            // with the application analysing beside it, 6 when other builds load the 2 cores too. With the map's
            // animations on it was 4 to 10 in the same conditions.
            assertThat(framesPerSecond).as("frames per second while zooming").isGreaterThan(3);
        } finally {
            operator.unrouteAll();
        }
    }

    @Test
    @Order(9)
    void everyRequestWentToTheApplicationItself() {
        // Nothing from a CDN or any other host: the libraries are bundled and the fonts are the system's.
        String origin = base + "/";
        assertThat(REQUESTS).as("requests recorded").isNotEmpty()
                .allSatisfy(url -> assertThat(url.startsWith(origin) || url.startsWith("data:")
                        || url.startsWith("blob:" + base + "/")).as(url).isTrue());
        assertThat(WEB_SOCKETS).as("the live push").isNotEmpty()
                .allSatisfy(url -> assertThat(url).startsWith("ws://127.0.0.1:" + app.port() + "/"));
    }

    private static String token(String user) throws Exception {
        return TestSecurity.token(java.net.http.HttpClient.newHttpClient(), base, user);
    }
}
