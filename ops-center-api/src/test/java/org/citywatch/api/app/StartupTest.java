package org.citywatch.api.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.citywatch.assets.AssetNotFoundException;
import org.citywatch.assets.AssetResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupTest {

    @TempDir
    Path tmp;

    @Test
    void aMissingModelFailsStartUpNamingEveryPlaceLookedIn() throws Exception {
        Path assets = Files.createDirectories(tmp.resolve("assets"));
        Path checkout = Files.createDirectories(tmp.resolve("checkout/main"));
        Path cache = tmp.resolve("cache");
        AssetResolver nowhere = new AssetResolver(Optional.of(assets), checkout, cache, Optional.empty());
        AppConfig config = AppConfig.fromNode(new ObjectMapper(new YAMLFactory()).readTree("""
                server: { host: 127.0.0.1, port: 0 }
                cameras: []
                security: { enabled: false }
                """), tmp);

        AssetNotFoundException e = catchThrowableOfType(AssetNotFoundException.class,
                () -> CityWatchApp.start(config, nowhere).close());

        assertThat(e.getMessage())
                .contains("yolox_nano.onnx")
                .contains(assets.resolve("models/yolox_nano.onnx").toString())
                .contains(tmp.resolve("checkout/shared/models/yolox_nano.onnx").toString())
                .contains(cache.resolve("models/yolox_nano.onnx").toString())
                .contains("https://github.com/Megvii-BaseDetection/YOLOX/releases/download/0.1.1rc0/yolox_nano.onnx");
    }

    @Test
    void securityOnWithoutAnyUserRefusesToStartSayingHowToFixIt() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (String config : List.of("cameras: []", "cameras: []\nsecurity: { enabled: true }")) {
            AppConfig c = AppConfig.fromNode(yaml.readTree(config), tmp);
            assertThat(c.security().enabled()).as("on unless switched off").isTrue();
            IllegalStateException e = catchThrowableOfType(IllegalStateException.class,
                    () -> CityWatchApp.start(c, AssetResolver.fromEnvironment()).close());
            assertThat(e).as(config).isNotNull();
            assertThat(e.getMessage()).contains("no user").contains("security.users").contains("hash-password")
                    .contains("security.enabled: false");
        }
    }

    @Test
    void securityConfigurationIsCheckedWhenRead() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> AppConfig.fromNode(yaml.readTree("security: { enable: false }"), tmp)))
                .hasMessageContaining("security.enable");
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> AppConfig.fromNode(yaml.readTree("security: { jwtSecret: short }"), tmp)))
                .hasMessageContaining("security.jwtSecret").hasMessageContaining("32 bytes");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> AppConfig.fromNode(yaml.readTree(
                "security: { users: [ { name: lan, role: chief, passwordHash: x } ] }"), tmp)))
                .hasMessageContaining("security.users[1]").hasMessageContaining("chief");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> AppConfig.fromNode(yaml.readTree(
                "security: { users: [ { name: lan, role: viewer, passwordHash: \"plain-text\" } ] }"), tmp)))
                .hasMessageContaining("security.users[1]").hasMessageContaining("pbkdf2-sha256$")
                .hasMessageNotContaining("plain-text");
        AppConfig c = AppConfig.fromNode(yaml.readTree("security: { tokenHours: 8, usersFile: users.yaml }"), tmp);
        assertThat(c.security().tokenLifetime()).isEqualTo(java.time.Duration.ofHours(8));
        assertThat(c.security().usersFile()).contains(tmp.resolve("users.yaml").toAbsolutePath());
    }

    @Test
    void theDemoRunsWithSecurityOn() {
        assertThat(AppConfig.demo().security().enabled()).isTrue();
    }

    @Test
    void theDemoConfigurationHasFourSampleCameras() {
        AppConfig demo = AppConfig.demo();
        assertThat(demo.cameras().errors()).isEmpty();
        assertThat(demo.cameras().cameras()).hasSize(4)
                .allSatisfy(c -> assertThat(c.url()).startsWith("asset:"));
        assertThat(demo.port()).isEqualTo(8080);
    }

    @Test
    void unknownKeysAndBadValuesAreClearErrors() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> AppConfig.fromNode(yaml.readTree("analytics: { framesPerSecnd: 3 }"), tmp)))
                .hasMessageContaining("analytics.framesPerSecnd");
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> AppConfig.fromNode(yaml.readTree("alerts: { offlineSeverity: P9 }"), tmp)))
                .hasMessageContaining("alerts.offlineSeverity").hasMessageContaining("P1..P4");
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> AppConfig.fromNode(yaml.readTree("alerts: { store: mongo }"), tmp)))
                .hasMessageContaining("alerts.store");
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> AppConfig.fromNode(yaml.readTree("alerts: { redis: { url: x } }"), tmp)))
                .hasMessageContaining("alerts.redis.url");
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> AppConfig.fromNode(yaml.readTree("server: { port: 70000 }"), tmp)))
                .hasMessageContaining("server.port");
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> AppConfig.fromNode(yaml.readTree("ingest: { decode: sometimes }"), tmp)))
                .hasMessageContaining("ingest.decode");
        assertThat(AppConfig.fromNode(yaml.readTree("ingest: { decode: 'keyframes:5' }"), tmp).rtspDecode())
                .isEqualTo(new org.citywatch.ingest.decode.DecodePolicy.KeyframesEvery(java.time.Duration.ofSeconds(5)));
    }

    @Test
    void thePushSectionIsReadAndChecked() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        var push = AppConfig.fromNode(yaml.readTree("""
                push: { replayEvents: 500, replayMinutes: 2, clientQueueKiB: 64, maxBehindSeconds: 3,
                        maxStreamsPerUser: 3 }
                """), tmp).push();
        assertThat(push.replayEvents()).isEqualTo(500);
        assertThat(push.replayAge()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(push.clientQueueBytes()).isEqualTo(64 * 1024);
        assertThat(push.maxBehind()).isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(push.maxStreamsPerUser()).isEqualTo(3);
        assertThat(AppConfig.fromNode(yaml.readTree("cameras: []"), tmp).push())
                .isEqualTo(org.citywatch.api.push.PushSettings.defaults());
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> AppConfig.fromNode(yaml.readTree("push: { clientQueueKiB: 1 }"), tmp)))
                .hasMessageContaining("push.clientQueueKiB");
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> AppConfig.fromNode(yaml.readTree("push: { maxStreamsPerUser: 0 }"), tmp)))
                .hasMessageContaining("push.maxStreamsPerUser");
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> AppConfig.fromNode(yaml.readTree("push: { replayEvent: 5 }"), tmp)))
                .hasMessageContaining("push.replayEvent");
    }
}
