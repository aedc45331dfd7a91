package org.citywatch.api.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.api.integrations.IntegrationSettings;
import org.citywatch.api.integrations.MqttSettings;
import org.citywatch.api.integrations.WebhookSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code integrations} section: values, defaults, and clear errors (unknown keys included). */
class IntegrationsConfigTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path tmp;

    private IntegrationSettings parse(String yaml) throws Exception {
        return AppConfig.fromNode(YAML.readTree(yaml), tmp).integrations();
    }

    private String error(String yaml) {
        return catchThrowableOfType(IllegalArgumentException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void everyKeyRead() throws Exception {
        IntegrationSettings s = parse("""
                integrations:
                  mqtt: { uri: "ssl://broker.example:8884", topicPrefix: city/hcm, qos: 2, clientId: cw-1,
                          username: cw, password: pw, maxQueued: 50 }
                  webhooks:
                    - { name: dispatch, url: "https://dispatch.example/hook?token=abc", secret: s1,
                        types: [crowd, INTRUSION], minSeverity: P2, maxQueued: 10, maxAttempts: 3,
                        maxAgeSeconds: 60, timeoutSeconds: 2.5 }
                    - { url: "http://127.0.0.1:9000/", secret: s2 }
                  cap: { sender: "cw@hcmc.example", senderName: HCMC ops, scope: restricted,
                         restriction: agencies only, webBase: "https://cw.example/", timeZone: Asia/Ho_Chi_Minh }
                """);
        MqttSettings m = s.mqtt().orElseThrow();
        assertThat(m.host()).isEqualTo("broker.example");
        assertThat(m.port()).isEqualTo(8884);
        assertThat(m.tls()).isTrue();
        assertThat(m.topic("cam-1", AlertType.CROWD)).isEqualTo("city/hcm/alerts/cam-1/CROWD");
        assertThat(m.qos()).isEqualTo(2);
        assertThat(m.clientId()).isEqualTo("cw-1");
        assertThat(m.username()).contains("cw");
        assertThat(m.password()).contains("pw");
        assertThat(m.maxQueued()).isEqualTo(50);
        assertThat(m.toString()).doesNotContain("pw");

        WebhookSettings w = s.webhooks().get(0);
        assertThat(w.name()).isEqualTo("dispatch");
        assertThat(w.types()).containsExactlyInAnyOrder(AlertType.CROWD, AlertType.INTRUSION);
        assertThat(w.minSeverity()).contains(Severity.P2);
        assertThat(w.maxQueued()).isEqualTo(10);
        assertThat(w.maxAttempts()).isEqualTo(3);
        assertThat(w.maxAge()).isEqualTo(Duration.ofSeconds(60));
        assertThat(w.timeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(w.toString()).doesNotContain("s1").doesNotContain("token");
        assertThat(w.redactedUrl()).isEqualTo("https://dispatch.example/…");
        WebhookSettings second = s.webhooks().get(1);
        assertThat(second.name()).as("the index").isEqualTo("1");
        assertThat(second.types()).isEmpty();
        assertThat(second.minSeverity()).isEmpty();
        assertThat(second.maxAttempts()).isEqualTo(WebhookSettings.DEFAULT_MAX_ATTEMPTS);

        assertThat(s.cap().sender()).isEqualTo("cw@hcmc.example");
        assertThat(s.cap().senderName()).isEqualTo("HCMC ops");
        assertThat(s.cap().restricted()).isTrue();
        assertThat(s.cap().restriction()).isEqualTo("agencies only");
        assertThat(s.cap().webBase()).contains("https://cw.example");
        assertThat(s.cap().zone()).isEqualTo(ZoneId.of("Asia/Ho_Chi_Minh"));
    }

    @Test
    void defaultsAreNothingPublishedAndAPublicCapExport() throws Exception {
        IntegrationSettings none = parse("server: { port: 0 }");
        assertThat(none.mqtt()).isEmpty();
        assertThat(none.webhooks()).isEmpty();
        assertThat(none.cap().sender()).startsWith("citywatch@");
        assertThat(none.cap().restricted()).isFalse();
        assertThat(none.cap().webBase()).isEmpty();

        MqttSettings m = parse("integrations: { mqtt: {} }").mqtt().orElseThrow();
        assertThat(m.address()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(m.topicPrefix()).isEqualTo("citywatch");
        assertThat(m.qos()).isEqualTo(1);
        assertThat(m.clientId()).startsWith("citywatch-");
        assertThat(m.maxQueued()).isEqualTo(10_000);
        assertThat(m.username()).isEmpty();
    }

    @Test
    void secretsCanComeFromTheEnvironment() throws Exception {
        // PATH is set in every environment; its value stands in for a secret.
        WebhookSettings w = parse("integrations: { webhooks: [ { url: 'http://h/', secretEnv: PATH } ] }")
                .webhooks().get(0);
        assertThat(w.secret()).isEqualTo(System.getenv("PATH"));
        assertThat(error("integrations: { webhooks: [ { url: 'http://h/', secretEnv: CITYWATCH_NO_SUCH_VAR } ] }"))
                .contains("CITYWATCH_NO_SUCH_VAR").contains("not set");
        assertThat(error("integrations: { webhooks: [ { url: 'http://h/', secret: a, secretEnv: PATH } ] }"))
                .contains("not both");
        assertThat(parse("integrations: { mqtt: { passwordEnv: PATH } }").mqtt().orElseThrow().password())
                .contains(System.getenv("PATH"));
    }

    @Test
    void unknownKeysAndBadValuesAreClearErrors() throws Exception {
        assertThat(error("integrations: { kafka: {} }")).contains("integrations.kafka");
        assertThat(error("integrations: { mqtt: { host: x } }")).contains("integrations.mqtt.host");
        assertThat(error("integrations: { webhooks: [ { url: 'http://h/', secret: s, retries: 3 } ] }"))
                .contains("integrations.webhooks[0].retries");
        assertThat(error("integrations: { cap: { sendr: x } }")).contains("integrations.cap.sendr");
        assertThat(error("integrations: { mqtt: { qos: 3 } }")).contains("qos");
        assertThat(error("integrations: { mqtt: { uri: 'http://x' } }")).contains("tcp://");
        assertThat(error("integrations: { mqtt: { uri: 'tcp://u:p@x:1883' } }")).contains("credentials")
                .doesNotContain("u:p");
        assertThat(error("integrations: { mqtt: { topicPrefix: 'a/#' } }")).contains("topicPrefix");
        assertThat(error("integrations: { webhooks: [ { url: 'http://h/' } ] }")).contains("secret");
        assertThat(error("integrations: { webhooks: [ { url: 'ftp://h/', secret: s } ] }")).contains("http");
        assertThat(error("integrations: { webhooks: [ { url: 'http://h/', secret: s, types: [FIRE] } ] }"))
                .contains("FIRE");
        assertThat(error("integrations: { webhooks: [ { url: 'http://h/', secret: s, minSeverity: P7 } ] }"))
                .contains("minSeverity");
        assertThat(error("integrations: { webhooks: [ { name: a, url: 'http://h/', secret: s },"
                + " { name: a, url: 'http://i/', secret: t } ] }")).contains("'a' is used twice");
        assertThat(error("integrations: { webhooks: { url: 'http://h/' } }")).contains("must be a list");
        assertThat(error("integrations: { cap: { scope: Private } }")).contains("Public or Restricted");
        assertThat(error("integrations: { cap: { sender: 'city watch' } }")).contains("sender");
        assertThat(error("integrations: { cap: { timeZone: Mars/Olympus } }")).contains("timeZone");
        assertThat(error("integrations: { cap: { webBase: 'ftp://x' } }")).contains("webBase");
        assertThat(parse("integrations: { webhooks: [ { url: 'http://h/', secret: s, types: [crowd] } ] }")
                .webhooks().get(0).types()).isEqualTo(Set.of(AlertType.CROWD));
        assertThat(parse("server: { port: 0 }").cap().webBase()).isEqualTo(Optional.empty());
    }
}
