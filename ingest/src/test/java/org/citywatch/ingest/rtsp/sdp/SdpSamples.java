package org.citywatch.ingest.rtsp.sdp;

import java.util.List;

/** DESCRIBE bodies shaped like the ones real servers send (addresses and ids made up). */
final class SdpSamples {

    private SdpSamples() {
    }

    /** gst-rtsp-server: relative "stream=N" controls under a Content-Base ending in '/'. */
    static final String GSTREAMER = """
            v=0\r
            o=- 1188340656180883 1 IN IP4 127.0.0.1\r
            s=Session streamed with GStreamer\r
            i=rtsp-server\r
            t=0 0\r
            a=tool:GStreamer\r
            a=type:broadcast\r
            a=range:npt=now-\r
            a=control:*\r
            m=video 0 RTP/AVP 96\r
            c=IN IP4 0.0.0.0\r
            b=AS:2097\r
            a=rtpmap:96 H264/90000\r
            a=framerate:30\r
            a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z2QAKKzZQHgCJ+XARAAAAwAEAAADAMo8YMZY,aOvjyyLA;profile-level-id=640028;level-asymmetry-allowed=1\r
            a=control:stream=0\r
            a=ts-refclk:local\r
            a=mediaclk:sender\r
            """;

    /** Hikvision DS-2CD, H.264 + G.711: absolute controls with a query, "; " between fmtp parameters. */
    static final String HIKVISION_H264 = """
            v=0\r
            o=- 1109162014219182 1109162014219192 IN IP4 10.0.0.64\r
            s=Media Presentation\r
            e=NONE\r
            b=AS:5050\r
            t=0 0\r
            a=control:rtsp://10.0.0.64:554/Streaming/Channels/101/?transportmode=unicast\r
            m=video 0 RTP/AVP 96\r
            c=IN IP4 0.0.0.0\r
            b=AS:5000\r
            a=recvonly\r
            a=x-dimensions:1920,1080\r
            a=control:rtsp://10.0.0.64:554/Streaming/Channels/101/trackID=1?transportmode=unicast\r
            a=rtpmap:96 H264/90000\r
            a=fmtp:96 profile-level-id=420029; packetization-mode=1; sprop-parameter-sets=Z00AKY2NQDwBE/LCAAADAAIAAAMAZQQA,aO44gA==\r
            a=Media_header:MEDIAINFO=494D4B48010100000400010010710110401F000000FA000000000000000000000000000000000000;\r
            a=appversion:1.0\r
            m=audio 0 RTP/AVP 8\r
            c=IN IP4 0.0.0.0\r
            b=AS:50\r
            a=recvonly\r
            a=control:rtsp://10.0.0.64:554/Streaming/Channels/101/trackID=2?transportmode=unicast\r
            a=rtpmap:8 PCMA/8000\r
            """;

    /** Hikvision with H.265 (RFC 7798 sprop-vps/sps/pps, in another order than decoding order). */
    static final String HIKVISION_H265 = """
            v=0\r
            o=- 1109162014219182 1109162014219192 IN IP4 10.0.0.65\r
            s=Media Presentation\r
            e=NONE\r
            b=AS:5050\r
            t=0 0\r
            a=control:rtsp://10.0.0.65:554/Streaming/Channels/101/?transportmode=unicast\r
            m=video 0 RTP/AVP 96\r
            c=IN IP4 0.0.0.0\r
            b=AS:5000\r
            a=recvonly\r
            a=x-dimensions:2560,1440\r
            a=control:rtsp://10.0.0.65:554/Streaming/Channels/101/trackID=1?transportmode=unicast\r
            a=rtpmap:96 H265/90000\r
            a=fmtp:96 profile-id=1; sprop-sps=QgEBAWAAAAMAsAAAAwAAAwB7oAPAgBDlja5JMvTcBAQEAg==; sprop-pps=RAHA8vA8kAA=; sprop-vps=QAEMAf//AWAAAAMAsAAAAwAAAwB7rAk=\r
            a=Media_header:MEDIAINFO=494D4B48010300000400050000000000000000000000000000000000000000000000000000000000;\r
            a=appversion:1.0\r
            """;

    /** Older Axis (VAPIX): "a=control:*" for the session, "trackID=N" under a Content-Base ending in '/'. */
    static final String AXIS_H264 = """
            v=0\r
            o=- 1565878112094917 1 IN IP4 10.0.0.90\r
            s=Media Presentation\r
            e=NONE\r
            b=AS:50000\r
            t=0 0\r
            a=control:*\r
            a=range:npt=0.000000-\r
            m=video 0 RTP/AVP 96\r
            c=IN IP4 0.0.0.0\r
            b=AS:50000\r
            a=framerate:25.0\r
            a=transform:1,0,0;0,1,0;0,0,1\r
            a=control:trackID=1\r
            a=rtpmap:96 H264/90000\r
            a=fmtp:96 packetization-mode=1; profile-level-id=4d0029; sprop-parameter-sets=Z00AKeKQDwBE/LgLcBAQGkHiRFQ=,aO48gA==\r
            m=audio 0 RTP/AVP 97\r
            c=IN IP4 0.0.0.0\r
            b=AS:32\r
            a=control:trackID=2\r
            a=rtpmap:97 mpeg4-generic/16000/1\r
            a=fmtp:97 streamtype=5; profile-level-id=15; mode=AAC-hbr; config=1408; sizeLength=13; indexLength=3; indexDeltaLength=3; bitrate=32000\r
            """;

    /** AXIS OS (GStreamer inside): absolute controls, H.265, LF line ends. */
    static final String AXIS_H265 = """
            v=0
            o=- 4815362385391409149 1 IN IP4 10.0.0.91
            s=Session streamed with GStreamer
            i=rtsp-server
            t=0 0
            a=tool:GStreamer
            a=type:broadcast
            a=range:npt=now-
            a=control:rtsp://10.0.0.91/axis-media/media.amp?videocodec=h265
            m=video 0 RTP/AVP 96
            c=IN IP4 0.0.0.0
            b=AS:50000
            a=rtpmap:96 H265/90000
            a=fmtp:96 sprop-vps=QAEMAf//AWAAAAMAsAAAAwAAAwB7rAk=;sprop-sps=QgEBAWAAAAMAsAAAAwAAAwB7oAPAgBDlja5JMvTcBAQEAg==;sprop-pps=RAHA8vA8kAA=
            a=control:rtsp://10.0.0.91/axis-media/media.amp/stream=0?videocodec=h265
            a=framerate:30.000000
            """;

    static final List<String> ALL = List.of(GSTREAMER, HIKVISION_H264, HIKVISION_H265, AXIS_H264, AXIS_H265);
}
