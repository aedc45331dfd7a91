package org.citywatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureReasonsTest {

    @Test
    void ffmpegCodesBecomeWordsWithoutJavacvHintsOrCredentials() {
        Exception e = new Exception("avformat_open_input() error -111: Could not open input "
                + "\"rtsp://admin:pw@127.0.0.1:1/x\". (Has setFormat() been called?) "
                + "(For more details, make sure FFmpegLogCallback.set() has been called.)");
        String reason = FailureReasons.describe(e);
        assertThat(reason).startsWith("Connection refused (avformat_open_input() error -111")
                .doesNotContain("setFormat").doesNotContain("FFmpegLogCallback")
                .doesNotContain("admin:pw").contains("rtsp://***@127.0.0.1:1/x");
    }

    @Test
    void otherMessagesPassThroughAndAMissingOneNamesTheException() {
        assertThat(FailureReasons.describe(new IllegalStateException("no video stream"))).isEqualTo("no video stream");
        assertThat(FailureReasons.describe(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
