package org.citywatch.api.integrations;

import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.citywatch.analytics.alert.AlertType;

/**
 * Where and how alert events are published over MQTT ({@code integrations.mqtt}).
 *
 * @param host          the broker's host
 * @param port          its port
 * @param tls           true for {@code ssl://} / {@code mqtts://} (TLS with the JVM's trusted CAs)
 * @param topicPrefix   topics are {@code {topicPrefix}/alerts/{cameraId}/{TYPE}}
 * @param qos           0, 1 (default: at least once) or 2
 * @param clientId      the MQTT client id; unique per process by default, since two clients with one id keep
 *                      disconnecting each other
 * @param username      optional
 * @param password      optional; never logged ({@link #toString()} hides it)
 * @param maxQueued     events kept while the broker is away; the oldest are dropped past this
 * @param reconnect     the backoff between connection attempts
 * @param closeGrace    how long closing waits for queued events to go out when the broker is connected
 */
public record MqttSettings(String host, int port, boolean tls, String topicPrefix, int qos, String clientId,
                           Optional<String> username, Optional<String> password, int maxQueued, Backoff reconnect,
                           Duration closeGrace) {

    public static final String DEFAULT_URI = "tcp://127.0.0.1:1883";
    public static final int DEFAULT_MAX_QUEUED = 10_000;

    public MqttSettings {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("integrations.mqtt: port must be 1..65535, got " + port);
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("integrations.mqtt.qos must be 0, 1 or 2, got " + qos);
        }
        if (maxQueued < 1) {
            throw new IllegalArgumentException("integrations.mqtt.maxQueued must be positive, got " + maxQueued);
        }
        topicPrefix = topicPrefix == null ? "citywatch" : topicPrefix.strip();
        // A topic level must not hold MQTT wildcards, and the prefix must not end with a separator (it would make
        // an empty level). Camera ids cannot hold '/', '+' or '#' (see Camera), and types are enum names.
        if (topicPrefix.isEmpty() || topicPrefix.contains("+") || topicPrefix.contains("#")
                || topicPrefix.startsWith("/") || topicPrefix.endsWith("/")) {
            throw new IllegalArgumentException("integrations.mqtt.topicPrefix must be non-empty, without + or #"
                    + " and without a leading or trailing '/', got '" + topicPrefix + "'");
        }
        clientId = clientId == null || clientId.isBlank() ? randomClientId() : clientId.strip();
        username = username == null ? Optional.empty() : username.filter(s -> !s.isEmpty());
        password = password == null ? Optional.empty() : password.filter(s -> !s.isEmpty());
        Objects.requireNonNull(reconnect, "reconnect");
        Objects.requireNonNull(closeGrace, "closeGrace");
    }

    /** Settings from a broker URI ({@code tcp://}, {@code mqtt://}, {@code ssl://} or {@code mqtts://}). */
    public static MqttSettings of(String uri, String topicPrefix, int qos, String clientId, Optional<String> username,
                                  Optional<String> password, int maxQueued) {
        URI u;
        try {
            u = URI.create(uri.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("integrations.mqtt.uri is not a URI: " + e.getMessage());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = switch (scheme) {
            case "tcp", "mqtt" -> false;
            case "ssl", "tls", "mqtts" -> true;
            default -> throw new IllegalArgumentException(
                    "integrations.mqtt.uri must be tcp://HOST:PORT or ssl://HOST:PORT, got scheme '" + scheme + "'");
        };
        if (u.getHost() == null) {
            throw new IllegalArgumentException("integrations.mqtt.uri has no host: " + uri);
        }
        if (u.getUserInfo() != null) {
            // Credentials in the URI would end up wherever the URI is shown; they have their own keys.
            throw new IllegalArgumentException("integrations.mqtt.uri must not hold credentials: use username and"
                    + " password");
        }
        int port = u.getPort() > 0 ? u.getPort() : tls ? 8883 : 1883;
        return new MqttSettings(u.getHost(), port, tls, topicPrefix, qos, clientId, username, password, maxQueued,
                new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)), Duration.ofSeconds(2));
    }

    /** The same settings with another reconnect backoff (tests use a short one). */
    public MqttSettings withReconnect(Backoff backoff) {
        return new MqttSettings(host, port, tls, topicPrefix, qos, clientId, username, password, maxQueued, backoff,
                closeGrace);
    }

    /** {@code {prefix}/alerts/{cameraId}/{TYPE}}, e.g. {@code citywatch/alerts/cam-001/CROWD}. */
    public String topic(String cameraId, AlertType type) {
        return topicPrefix + "/alerts/" + cameraId + "/" + type.name();
    }

    /** The broker's address for logs: no credentials. */
    public String address() {
        return (tls ? "ssl://" : "tcp://") + host + ":" + port;
    }

    private static String randomClientId() {
        byte[] b = new byte[4];
        ThreadLocalRandom.current().nextBytes(b);
        return "citywatch-" + HexFormat.of().formatHex(b);
    }

    @Override
    public String toString() {
        return "MqttSettings[" + address() + ", topicPrefix=" + topicPrefix + ", qos=" + qos + ", clientId=" + clientId
                + ", username=" + username.orElse("-") + ", password=" + (password.isPresent() ? "***" : "-")
                + ", maxQueued=" + maxQueued + "]";
    }
}
