package org.citywatch.ingest.rtsp.client;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** An RTSP response, copied out of Netty's buffers so that it needs no reference counting. */
record RtspResponse(int code, String reason, HttpHeaders headers, String body) {

    static RtspResponse of(FullHttpResponse r) {
        return new RtspResponse(r.status().code(), r.status().reasonPhrase(), r.headers().copy(),
                r.content().toString(StandardCharsets.UTF_8));
    }

    boolean ok() {
        return code >= 200 && code < 300;
    }

    String status() {
        return code + " " + reason;
    }
}
