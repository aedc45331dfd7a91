package org.citywatch.ingest.source;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.citywatch.ingest.camera.Redaction;

/**
 * Turns a reader's exception into the one-line reason an operator sees: FFmpeg's error code in words
 * ("Connection refused"), without JavaCV's hints for developers, and never with credentials.
 */
public final class FailureReasons {

    private static final Pattern FFMPEG_CALL = Pattern.compile("(\\w+)\\(\\) error (-?\\d+)");
    private static final Pattern JAVACV_HINTS = Pattern.compile(
            "\\s*\\((?:Has setFormat\\(\\) been called\\?|For more details, make sure FFmpegLogCallback\\.set\\(\\) has been called\\.)\\)");

    private FailureReasons() {
    }

    public static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        message = JAVACV_HINTS.matcher(message).replaceAll("");
        Matcher m = FFMPEG_CALL.matcher(message);
        if (m.find()) {
            String words = ffmpegError(Integer.parseInt(m.group(2)));
            message = words + " (" + message + ")";
        }
        return Redaction.text(message);
    }

    private static String ffmpegError(int code) {
        try (BytePointer buffer = new BytePointer(256)) {
            if (avutil.av_strerror(code, buffer, 256) == 0) {
                byte[] bytes = new byte[256];
                buffer.get(bytes);
                int end = 0;
                while (end < bytes.length && bytes[end] != 0) {
                    end++;
                }
                return new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (LinkageError e) {
            // No FFmpeg natives: fall through to the bare code.
        }
        return "FFmpeg error " + code;
    }
}
