package org.citywatch.ingest.rtsp.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SdpParserTest {

    private static final Set<String> CODECS = Set.of("H264", "H265");

    private static int nalType264(byte[] nal) {
        return nal[0] & 0x1f;
    }

    private static int nalType265(byte[] nal) {
        return (nal[0] >> 1) & 0x3f;
    }

    @Test
    void gstreamerH264() throws Exception {
        SessionDescription sdp = SdpParser.parse(SdpSamples.GSTREAMER, URI.create("rtsp://127.0.0.1:8554/test/"));
        assertThat(sdp.warnings()).isEmpty();
        assertThat(sdp.control()).contains("*");
        assertThat(sdp.controlUri()).isEqualTo(URI.create("rtsp://127.0.0.1:8554/test/"));
        MediaDescription video = sdp.firstVideo(CODECS).orElseThrow();
        assertThat(video.media()).isEqualTo("video");
        assertThat(video.port()).isZero();
        assertThat(video.protocol()).isEqualTo("RTP/AVP");
        assertThat(video.payloadTypes()).containsExactly(96);
        assertThat(video.rtpmap(96)).contains(new RtpMap("H264", 90000, OptionalInt.empty()));
        assertThat(video.payloadType(Set.of("h264"))).hasValue(96);
        assertThat(video.control()).contains("stream=0");
        assertThat(video.controlUri()).isEqualTo(URI.create("rtsp://127.0.0.1:8554/test/stream=0"));
        assertThat(video.packetizationMode()).hasValue(1);
        assertThat(video.fmtp(96)).containsEntry("profile-level-id", "640028")
                .containsEntry("level-asymmetry-allowed", "1");
        List<byte[]> sets = video.spropParameterSets();
        assertThat(sets).hasSize(2);
        assertThat(nalType264(sets.get(0))).isEqualTo(7); // SPS
        assertThat(nalType264(sets.get(1))).isEqualTo(8); // PPS
        assertThat(sets.get(0)).hasSize(27);
    }

    @Test
    void hikvisionKeepsAbsoluteControlsWithTheirQuery() throws Exception {
        // Request URL as base: no Content-Base matters when every control is absolute.
        SessionDescription sdp = SdpParser.parse(SdpSamples.HIKVISION_H264,
                URI.create("rtsp://10.0.0.64:554/Streaming/Channels/101"));
        assertThat(sdp.controlUri()).isEqualTo(
                URI.create("rtsp://10.0.0.64:554/Streaming/Channels/101/?transportmode=unicast"));
        assertThat(sdp.media()).hasSize(2);
        MediaDescription video = sdp.firstVideo(Set.of("H264")).orElseThrow();
        assertThat(video.controlUri()).isEqualTo(
                URI.create("rtsp://10.0.0.64:554/Streaming/Channels/101/trackID=1?transportmode=unicast"));
        assertThat(video.spropParameterSets()).hasSize(2);
        assertThat(video.fmtp(96)).containsEntry("packetization-mode", "1"); // "; " separators trimmed
        MediaDescription audio = sdp.media().get(1);
        assertThat(audio.isVideo()).isFalse();
        assertThat(audio.rtpmap(8)).contains(new RtpMap("PCMA", 8000, OptionalInt.empty()));
        assertThat(audio.controlUri().toString()).endsWith("trackID=2?transportmode=unicast");
        assertThat(sdp.firstVideo(Set.of("H265"))).isEmpty();
    }

    @Test
    void h265ParameterSetsComeInDecodingOrder() throws Exception {
        for (String text : List.of(SdpSamples.HIKVISION_H265, SdpSamples.AXIS_H265)) {
            SessionDescription sdp = SdpParser.parse(text, URI.create("rtsp://10.0.0.65/"));
            assertThat(sdp.warnings()).isEmpty();
            assertThat(sdp.firstVideo(Set.of("H264"))).isEmpty();
            MediaDescription video = sdp.firstVideo(Set.of("h265")).orElseThrow();
            assertThat(video.rtpmap(96).orElseThrow().encoding()).isEqualTo("H265");
            assertThat(video.spropVpsSpsPps()).extracting(SdpParserTest::nalType265).containsExactly(32, 33, 34);
            assertThat(video.spropParameterSets()).isEmpty();
            assertThat(video.packetizationMode()).isEmpty();
        }
    }

    @Test
    void axisRelativeControlsUnderContentBase() throws Exception {
        SessionDescription sdp = SdpParser.parse(SdpSamples.AXIS_H264,
                URI.create("rtsp://10.0.0.90/axis-media/media.amp/"));
        assertThat(sdp.controlUri()).isEqualTo(URI.create("rtsp://10.0.0.90/axis-media/media.amp/"));
        assertThat(sdp.media().get(0).controlUri())
                .isEqualTo(URI.create("rtsp://10.0.0.90/axis-media/media.amp/trackID=1"));
        MediaDescription audio = sdp.media().get(1);
        assertThat(audio.controlUri()).isEqualTo(URI.create("rtsp://10.0.0.90/axis-media/media.amp/trackID=2"));
        assertThat(audio.rtpmap(97)).contains(new RtpMap("MPEG4-GENERIC", 16000, OptionalInt.of(1)));
        // Keys lower-cased, values as sent.
        assertThat(audio.fmtp(97)).containsEntry("sizelength", "13").containsEntry("mode", "AAC-hbr");
    }

    @Test
    void relativeControlIsAppendedNotResolvedLikeRfc3986() throws Exception {
        String sdp = "v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:trackID=1\r\n";
        // URI.resolve would give rtsp://cam/trackID=1; servers expect the control under the stream path.
        assertThat(parse(sdp, "rtsp://cam:554/live").media().get(0).controlUri())
                .isEqualTo(URI.create("rtsp://cam:554/live/trackID=1"));
        assertThat(parse(sdp, "rtsp://cam:554/live/").media().get(0).controlUri())
                .isEqualTo(URI.create("rtsp://cam:554/live/trackID=1"));
        // Dahua's Content-Base has the '/' after the query; the control goes after it.
        assertThat(parse(sdp, "rtsp://cam:554/cam/realmonitor?channel=1&subtype=0/").media().get(0).controlUri())
                .isEqualTo(URI.create("rtsp://cam:554/cam/realmonitor?channel=1&subtype=0/trackID=1"));
        String slashControl = sdp.replace("trackID=1", "/trackID=1");
        assertThat(parse(slashControl, "rtsp://cam/live/").media().get(0).controlUri())
                .isEqualTo(URI.create("rtsp://cam/live/trackID=1"));
    }

    @Test
    void absentOrStarMediaControlFallsBackToTheSessionControlOrTheBase() throws Exception {
        String noControls = "v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n";
        SessionDescription a = parse(noControls, "rtsp://cam/live");
        assertThat(a.control()).isEmpty();
        assertThat(a.media().get(0).control()).isEmpty();
        assertThat(a.media().get(0).controlUri()).isEqualTo(URI.create("rtsp://cam/live"));
        String sessionOnly = "v=0\na=control:rtsp://other/agg\nm=video 0 RTP/AVP 96\na=control:*\n";
        SessionDescription b = parse(sessionOnly, "rtsp://cam/live");
        assertThat(b.controlUri()).isEqualTo(URI.create("rtsp://other/agg"));
        assertThat(b.media().get(0).controlUri()).isEqualTo(URI.create("rtsp://other/agg"));
        String relativeUnderAbsolute = "v=0\na=control:rtsp://other/agg\nm=video 0 RTP/AVP 96\na=control:t1\n";
        assertThat(parse(relativeUnderAbsolute, "rtsp://cam/live").media().get(0).controlUri())
                .isEqualTo(URI.create("rtsp://other/agg/t1"));
    }

    @Test
    void toleratesLfTrailingBlanksNulsUnknownLinesAndStaticTypes() throws Exception {
        String messy = "v=0   \n\n  s=x\t\nthis is not sdp\nx\na=control:*\nz=??\n"
                + "m=video 0 RTP/AVP 26 96 abc\na=rtpmap:96 h264/90000  \na=fmtp:96\na=fmtp:96 Packetization-Mode=1\u0000\n";
        SessionDescription sdp = parse(messy, "rtsp://cam/live");
        MediaDescription m = sdp.media().get(0);
        assertThat(m.payloadTypes()).containsExactly(26, 96);
        assertThat(m.rtpmap(26)).contains(new RtpMap("JPEG", 90000, OptionalInt.empty())); // RFC 3551
        assertThat(m.rtpmap(96).orElseThrow().encoding()).isEqualTo("H264");
        assertThat(m.packetizationMode()).hasValue(1);
        assertThat(sdp.warnings()).anyMatch(w -> w.contains("not <type>=<value>"))
                .anyMatch(w -> w.contains("abc"));
    }

    @Test
    void badBase64IsSkippedWithAWarning() throws Exception {
        String sdp = "v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
                + "a=fmtp:96 packetization-mode=9;sprop-parameter-sets=Z2QAKKzZQHgCJ+XARAAAAwAEAAADAMo8YMZY,%%%not-base64,,aOvjyyLA\r\n";
        SessionDescription parsed = parse(sdp, "rtsp://cam/live");
        MediaDescription m = parsed.media().get(0);
        assertThat(m.spropParameterSets()).hasSize(2);
        assertThat(m.packetizationMode()).isEmpty(); // 9 is no mode of RFC 6184
        assertThat(parsed.warnings()).singleElement().asString().contains("sprop-parameter-sets").contains("%%%not");
    }

    @Test
    void badAttributesAreSkipped() throws Exception {
        String sdp = "v=0\nm=video 0 RTP/AVP 96 97\na=rtpmap:96\na=rtpmap:97 H264/abc\na=rtpmap:98 H264/90000\n"
                + "a=rtpmap:999999999999 X/1\na=fmtp:zz a=b\na=rtpmap:96 H265/90000\na=rtpmap:96 H264/90000\n";
        SessionDescription parsed = parse(sdp, "rtsp://cam/");
        MediaDescription m = parsed.media().get(0);
        assertThat(m.rtpmaps()).containsOnlyKeys(96);
        assertThat(m.rtpmap(96).orElseThrow().encoding()).isEqualTo("H265"); // first one wins
        assertThat(parsed.warnings()).hasSize(6);
    }

    @Test
    void notAnSdpAtAll() {
        URI base = URI.create("rtsp://cam/");
        assertThatThrownBy(() -> SdpParser.parse("", base)).isInstanceOf(SdpException.class).hasMessage("empty SDP");
        assertThatThrownBy(() -> SdpParser.parse(null, base)).isInstanceOf(SdpException.class);
        assertThatThrownBy(() -> SdpParser.parse("<html><body>401</body></html>", base))
                .isInstanceOf(SdpException.class).hasMessage("no m= line");
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\nm=video\r\na=control:x\r\n", base))
                .isInstanceOf(SdpException.class).hasMessage("bad m= line: m=video");
        assertThatThrownBy(() -> SdpParser.parse("v=0\nm=video x RTP/AVP 96\n", base))
                .isInstanceOf(SdpException.class).hasMessageStartingWith("bad m= line");
    }

    @Test
    void oneBadMediaLineAmongGoodOnesIsSkipped() throws Exception {
        SessionDescription sdp = parse("v=0\nm=video -1 RTP/AVP 96\na=control:bad\nm=audio 0 RTP/AVP 0\n", "rtsp://c/");
        assertThat(sdp.media()).singleElement().extracting(MediaDescription::media).isEqualTo("audio");
        assertThat(sdp.media().get(0).rtpmap(0)).contains(new RtpMap("PCMU", 8000, OptionalInt.of(1)));
        assertThat(sdp.media().get(0).controlUri()).isEqualTo(URI.create("rtsp://c/")); // "bad" was not taken
    }

    @Test
    void caps() throws Exception {
        URI base = URI.create("rtsp://cam/");
        String sixtyFour = "v=0\n" + "m=audio 0 RTP/AVP 0\n".repeat(64);
        assertThat(SdpParser.parse(sixtyFour, base).media()).hasSize(64);
        assertThatThrownBy(() -> SdpParser.parse(sixtyFour + "m=audio 0 RTP/AVP 0\n", base))
                .isInstanceOf(SdpException.class).hasMessageContaining("more than 64 m= lines");
        String huge = SdpSamples.GSTREAMER + "a=x:" + "y".repeat(SdpParser.MAX_CHARS) + "\n";
        assertThatThrownBy(() -> SdpParser.parse(huge, base))
                .isInstanceOf(SdpException.class).hasMessageContaining("over the cap");
        String manyWarnings = "v=0\nm=audio 0 RTP/AVP 0\n" + "a=rtpmap:x\n".repeat(500);
        assertThat(SdpParser.parse(manyWarnings, base).warnings()).hasSize(SdpParser.MAX_WARNINGS + 1);
    }

    @Test
    void controlThatIsNoValidUriFallsBack() throws Exception {
        SessionDescription sdp = parse("v=0\nm=video 0 RTP/AVP 96\na=control:track 1|\n", "rtsp://cam/live");
        assertThat(sdp.media().get(0).controlUri()).isEqualTo(URI.create("rtsp://cam/live"));
        assertThat(sdp.warnings()).anyMatch(w -> w.contains("no valid URI"));
    }

    private static SessionDescription parse(String sdp, String base) throws SdpException {
        return SdpParser.parse(sdp, URI.create(base));
    }
}
