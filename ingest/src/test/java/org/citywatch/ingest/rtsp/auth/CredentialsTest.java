package org.citywatch.ingest.rtsp.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    @Test
    void fromUriPercentDecodes() {
        Credentials c = Credentials.fromUri(URI.create("rtsp://ad%20min:p%40ss%3Aw%C3%B6rd+x@10.0.0.1:554/live")).orElseThrow();
        assertThat(c.username()).isEqualTo("ad min");
        assertThat(c.password()).isEqualTo("p@ss:wörd+x"); // '+' is no space in a URI
    }

    @Test
    void passwordMayHoldColonsAndUnescapedAt() {
        Credentials c = Credentials.fromUri(URI.create("rtsp://admin:a:b@c@10.0.0.1/live")).orElseThrow();
        assertThat(c.username()).isEqualTo("admin");
        assertThat(c.password()).isEqualTo("a:b@c");
        assertThat(Credentials.withoutUserInfo(URI.create("rtsp://admin:a:b@c@10.0.0.1/live")))
                .isEqualTo(URI.create("rtsp://10.0.0.1/live"));
    }

    @Test
    void userWithoutPasswordAndNoUserInfo() {
        assertThat(Credentials.fromUri(URI.create("rtsp://admin@cam/live")))
                .contains(new Credentials("admin", ""));
        assertThat(Credentials.fromUri(URI.create("rtsp://cam/live"))).isEmpty();
        assertThat(Credentials.fromUri(URI.create("/local/file.mp4"))).isEmpty();
        assertThat(Credentials.percentDecode("bad%zz%4")).isEqualTo("bad%zz%4");
    }

    @Test
    void toStringNeverShowsThePassword() {
        assertThat(new Credentials("admin", "hunter2").toString()).contains("admin").doesNotContain("hunter2");
    }

    @Test
    void withoutUserInfoKeepsEverythingElseAsSent() {
        assertThat(Credentials.withoutUserInfo(
                URI.create("rtsp://u:p@10.0.0.64:554/Streaming/Channels/101/?transportmode=unicast&x=%20y")))
                .hasToString("rtsp://10.0.0.64:554/Streaming/Channels/101/?transportmode=unicast&x=%20y");
        assertThat(Credentials.withoutUserInfo(URI.create("rtsp://u:p@[fe80::1]:8554/a")))
                .hasToString("rtsp://[fe80::1]:8554/a");
        URI plain = URI.create("rtsp://cam/live");
        assertThat(Credentials.withoutUserInfo(plain)).isSameAs(plain);
        assertThat(Credentials.withoutUserInfo(URI.create("rtsp://u:p@cam"))).hasToString("rtsp://cam");
    }
}
