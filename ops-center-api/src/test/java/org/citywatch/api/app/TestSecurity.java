package org.citywatch.api.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.citywatch.api.auth.PasswordHasher;

/**
 * Users for tests that start the app with security on: a {@code security:} YAML section with real PBKDF2 hashes and a
 * known signing key, and signing in over HTTP. Each user's password is {@link #password(String)}.
 */
final class TestSecurity {

    /** Known to the tests, so they can forge expired or altered tokens signed with the server's own key. */
    static final String JWT_SECRET = "test-only-secret-0123456789abcdefghijklmnopqrstuvwxyz";
    static final ObjectMapper JSON = new ObjectMapper();

    private TestSecurity() {
    }

    static String password(String user) {
        return user + "-Pa55word!";
    }

    /** {@code security:} with these users (name -> role), indented for the top level of a YAML document. */
    static String yaml(Map<String, String> users) {
        StringBuilder s = new StringBuilder("security:\n  jwtSecret: \"" + JWT_SECRET + "\"\n  users:\n");
        users.forEach((name, role) -> s.append("    - { name: ").append(name).append(", role: ").append(role)
                .append(", passwordHash: \"").append(PasswordHasher.hash(password(name).toCharArray())).append("\" }\n"));
        return s.toString();
    }

    /** One user per role, named after it with a prefix that appears nowhere else (so leaks are easy to look for). */
    static Map<String, String> onePerRole() {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("vera-viewer", "viewer");
        users.put("otto-operator", "operator");
        users.put("dana-dispatcher", "dispatcher");
        users.put("ada-admin", "admin");
        return users;
    }

    static HttpResponse<String> login(HttpClient http, String base, String user, String password) throws Exception {
        String body = JSON.createObjectNode().put("user", user).put("password", password).toString();
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/login")).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in and returns the token; fails the test when sign-in does not answer 200. */
    static String token(HttpClient http, String base, String user) throws Exception {
        HttpResponse<String> r = login(http, base, user, password(user));
        if (r.statusCode() != 200) {
            throw new AssertionError("sign-in of " + user + " answered " + r.statusCode() + ": " + r.body());
        }
        JsonNode n = JSON.readTree(r.body());
        return n.get("token").asText();
    }
}
