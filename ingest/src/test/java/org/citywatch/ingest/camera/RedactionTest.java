package org.citywatch.ingest.camera;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void removesUserAndPasswordFromUrls() {
        assertThat(Redaction.url("rtsp://admin:S3cr3t!@10.1.2.3:554/Streaming/Channels/101"))
                .isEqualTo("rtsp://***@10.1.2.3:554/Streaming/Channels/101");
        assertThat(Redaction.url("rtsp://admin@cam.local/live")).isEqualTo("rtsp://***@cam.local/live");
        assertThat(Redaction.url("rtsp://admin:p@ss#1@10.0.0.9/live")).isEqualTo("rtsp://***@10.0.0.9/live");
    }

    @Test
    void leavesUrlsWithoutCredentialsAlone() {
        assertThat(Redaction.url("rtsp://10.1.2.3/live")).isEqualTo("rtsp://10.1.2.3/live");
        assertThat(Redaction.url("/data/clip.mp4")).isEqualTo("/data/clip.mp4");
    }

    @Test
    void removesSecretQueryParameters() {
        assertThat(Redaction.url("http://cam/snap.cgi?user=admin&password=hunter2&res=hd"))
                .isEqualTo("http://cam/snap.cgi?user=***&password=***&res=hd");
    }

    @Test
    void redactsUrlsQuotedInsideText() {
        String ffmpegError = "avformat_open_input() error -111: Could not open input \"rtsp://op:pa55@127.0.0.1:1/x\"."
                + " (Has setFormat() been called?)";
        assertThat(Redaction.text(ffmpegError))
                .doesNotContain("pa55").doesNotContain("op:")
                .contains("rtsp://***@127.0.0.1:1/x");
        assertThat(Redaction.text(null)).isNull();
    }

    @Test
    void cameraToStringNeverShowsTheSecret() {
        Camera c = new Camera("c1", "Gate", "rtsp://u:topsecret@h/s", CameraKind.WARD, "D1", 10, 106);
        assertThat(c.toString()).doesNotContain("topsecret");
        assertThat(c.redactedUrl()).isEqualTo("rtsp://***@h/s");
    }
}
