package org.citywatch.api.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.api.integrations.CapSettings;
import org.citywatch.api.integrations.IntegrationSettings;
import org.citywatch.api.integrations.MqttSettings;
import org.citywatch.api.integrations.WebhookSettings;

/**
 * The {@code integrations} section: where alert events go besides the dashboard, and the CAP export.
 *
 * <pre>
 * integrations:
 *   mqtt:                          # absent: no MQTT
 *     uri: "tcp://127.0.0.1:1883"  # or ssl://HOST:8883
 *     topicPrefix: citywatch       # topics: {topicPrefix}/alerts/{cameraId}/{TYPE}
 *     qos: 1
 *     clientId: ""                 # default: citywatch-RANDOM (unique per process)
 *     username: ""
 *     password: ""                 # or passwordEnv: NAME (read from the environment)
 *     maxQueued: 10000             # events kept while the broker is away (the oldest dropped past this)
 *   webhooks:
 *     - name: dispatch             # labels its metrics and logs (default: its index)
 *       url: "https://dispatch.example.org/citywatch"
 *       secret: "..."              # or secretEnv: NAME; signs every POST
 *       types: [CROWD, INTRUSION]  # optional: all types
 *       minSeverity: P2            # optional: all severities
 *       maxQueued: 1000
 *       maxAttempts: 8
 *       maxAgeSeconds: 900
 *       timeoutSeconds: 10
 *   cap:
 *     sender: "citywatch@HOST"     # no spaces, commas, '&lt;' or '&amp;'
 *     senderName: CityWatch
 *     scope: Public                # Public | Restricted
 *     restriction: "For public-safety agencies only"   # with scope Restricted
 *     webBase: "https://citywatch.example.org"          # links to the dashboard and the evidence
 *     timeZone: Asia/Ho_Chi_Minh   # default: the machine's
 * </pre>
 */
final class IntegrationsConfig {

    private IntegrationsConfig() {
    }

    static IntegrationSettings parse(ConfigSection integrations) {
        ConfigSection cap = integrations.child("cap", Set.of("sender", "senderName", "scope", "restriction", "webBase",
                "timeZone"));
        return new IntegrationSettings(mqtt(integrations), webhooks(integrations), cap(cap));
    }

    private static Optional<MqttSettings> mqtt(ConfigSection integrations) {
        JsonNode node = integrations.node().path("mqtt");
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        ConfigSection m = integrations.child("mqtt", Set.of("uri", "topicPrefix", "qos", "clientId", "username",
                "password", "passwordEnv", "maxQueued"));
        return Optional.of(MqttSettings.of(m.text("uri", MqttSettings.DEFAULT_URI), m.text("topicPrefix", "citywatch"),
                m.intValue("qos", 1), m.text("clientId", ""), Optional.of(m.text("username", "")),
                secret(m, "password", "passwordEnv", false), m.intValue("maxQueued", MqttSettings.DEFAULT_MAX_QUEUED)));
    }

    private static List<WebhookSettings> webhooks(ConfigSection integrations) {
        JsonNode list = integrations.node().path("webhooks");
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("integrations.webhooks must be a list");
        }
        List<WebhookSettings> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "integrations.webhooks[" + i + "]";
            ConfigSection w = new ConfigSection(path, list.get(i), Set.of("name", "url", "secret", "secretEnv",
                    "types", "minSeverity", "maxQueued", "maxAttempts", "maxAgeSeconds", "timeoutSeconds"));
            String name = w.text("name", Integer.toString(i)).strip();
            if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new IllegalArgumentException(path + ".name must be 1-64 of letters, digits, '_', '.', '-'");
            }
            URI url;
            try {
                url = URI.create(w.text("url", "").strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ".url is not a URL"); // not quoted: it may hold a token
            }
            Set<AlertType> types = EnumSet.noneOf(AlertType.class);
            for (String t : w.strings("types")) {
                try {
                    types.add(AlertType.valueOf(t.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(path + ".types: '" + t + "' is not one of "
                            + List.of(AlertType.values()));
                }
            }
            Optional<org.citywatch.analytics.alert.Severity> min = w.node().has("minSeverity")
                    ? Optional.of(AlertsConfig.severity(path + ".minSeverity", w.text("minSeverity", "")))
                    : Optional.empty();
            String secret = secret(w, "secret", "secretEnv", true).orElseThrow();
            WebhookSettings d = WebhookSettings.of(name, url, secret, types, min);
            out.add(d.withLimits(w.intValue("maxQueued", d.maxQueued()), w.intValue("maxAttempts", d.maxAttempts()),
                    w.seconds("maxAgeSeconds", d.maxAge()), d.backoff(), w.seconds("timeoutSeconds", d.timeout())));
        }
        return out;
    }

    /**
     * A secret written in the file ({@code key}) or read from the environment ({@code envKey}), which keeps it out
     * of configuration files; never both.
     */
    private static Optional<String> secret(ConfigSection s, String key, String envKey, boolean required) {
        boolean inFile = s.node().has(key);
        boolean inEnv = s.node().has(envKey);
        if (inFile && inEnv) {
            throw new IllegalArgumentException(s.path() + ": give " + key + " or " + envKey + ", not both");
        }
        if (inEnv) {
            String var = s.text(envKey, "");
            String value = System.getenv(var);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException(s.path() + "." + envKey + ": the environment variable " + var
                        + " is not set");
            }
            return Optional.of(value);
        }
        String v = s.text(key, "");
        if (v.isEmpty() && required) {
            throw new IllegalArgumentException(s.path() + ": " + key + " (or " + envKey + ") is required");
        }
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private static CapSettings cap(ConfigSection c) {
        String scope = c.text("scope", "Public").strip();
        boolean restricted = switch (scope.toLowerCase(Locale.ROOT)) {
            case "public" -> false;
            case "restricted" -> true;
            default -> throw new IllegalArgumentException("integrations.cap.scope must be Public or Restricted, got "
                    + scope);
        };
        ZoneId zone;
        try {
            zone = c.node().has("timeZone") ? ZoneId.of(c.text("timeZone", "").strip()) : ZoneId.systemDefault();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("integrations.cap.timeZone: " + e.getMessage());
        }
        String sender = c.node().has("sender") ? c.text("sender", "").strip() : CapSettings.defaultSender();
        return new CapSettings(sender, c.text("senderName", null), restricted, c.text("restriction", null),
                Optional.ofNullable(c.text("webBase", null)), zone);
    }
}
