package org.citywatch.api.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.citywatch.assets.AssetResolver;

/**
 * The whole app over real HTTP, for tests: started from a YAML document, and plain requests to it with a signed-in
 * user's token. Requests fail after 10 s unless the test sets another timeout on {@link #request}.
 */
final class TestHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private TestHttp() {
    }

    /** The app's configuration from a YAML document; relative paths in it resolve against {@code dir}. */
    static AppConfig config(String yaml, Path dir) throws Exception {
        return AppConfig.fromNode(YAML.readTree(yaml), dir);
    }

    /**
     * The start of a YAML document for an app without cameras, on a free port of 127.0.0.1, with one analytics worker
     * and the alerts' evidence under {@code dir}; a test adds its users and any other top-level section.
     */
    static String withoutCameras(Path dir) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                analytics: { workers: 1 }
                alerts: { evidence: { dir: "%s" } }
                cameras: []
                """.formatted(dir.resolve("evidence"));
    }

    /** Starts the whole app (with the real assets) from a YAML document, as {@link #config} reads it. */
    static CityWatchApp startApp(String yaml, Path dir) throws Exception {
        return CityWatchApp.start(config(yaml, dir), AssetResolver.fromEnvironment());
    }

    /**
     * A request with {@code token} as its bearer (none when null) and {@code json} as its body (none when null; when
     * there is one, the content type says JSON).
     */
    static HttpRequest.Builder request(String method, String url, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("authorization", "Bearer " + token);
        }
        if (json != null) {
            b.header("content-type", "application/json");
        }
        return b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
    }

    static HttpResponse<String> send(HttpRequest request) throws Exception {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws Exception {
        return CLIENT.send(request, body);
    }

    static HttpResponse<String> send(String method, String url, String token, String json) throws Exception {
        return send(request(method, url, token, json).build());
    }

    static HttpResponse<String> get(String url, String token) throws Exception {
        return send("GET", url, token, null);
    }

    static HttpResponse<String> post(String url, String token, String json) throws Exception {
        return send("POST", url, token, json);
    }
}
