package org.citywatch.ingest.source;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.citywatch.ingest.camera.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes FFmpeg's own log lines to SLF4J, redacted: FFmpeg may quote a URL with its credentials. Only
 * warnings and errors reach the callback; by default FFmpeg would write everything to stderr.
 */
final class FfmpegLogBridge extends LogCallback {

    private static final Logger log = LoggerFactory.getLogger("ffmpeg");
    private static final FfmpegLogBridge INSTANCE = new FfmpegLogBridge();
    private static volatile boolean installed;

    static void install() {
        if (installed) {
            return;
        }
        synchronized (FfmpegLogBridge.class) {
            if (!installed) {
                avutil.av_log_set_level(avutil.AV_LOG_WARNING);
                avutil.setLogCallback(INSTANCE);
                installed = true;
            }
        }
    }

    @Override
    public void call(int level, BytePointer msg) {
        String line = Redaction.text(msg.getString().strip());
        if (line.isEmpty()) {
            return;
        }
        // Debug only: FFmpeg's lines carry no camera id, and the reader reports each failure itself, once,
        // with the camera id. Turn on the "ffmpeg" logger to see them.
        log.debug("[level {}] {}", level, line);
    }
}
