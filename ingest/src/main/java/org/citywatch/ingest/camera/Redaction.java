package org.citywatch.ingest.camera;

import java.util.regex.Pattern;

/**
 * Removes credentials from camera URLs and from any text that may quote one (FFmpeg errors do).
 * Everything that is logged or shown about a camera's address goes through here.
 */
public final class Redaction {

    /**
     * scheme://user:password@ or scheme://user@ ; the user part runs to the last '@' before the path, so
     * that a password with an unencoded '@' in it is still hidden whole.
     */
    private static final Pattern USERINFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/\\s]*@");

    /** Query parameters that cameras use for secrets (e.g. ?user=admin&password=...). */
    private static final Pattern SECRET_PARAMS = Pattern.compile(
            "(?i)([?&;](?:password|passwd|pwd|pass|user|username|token|auth|key|secret)=)[^&\\s;#]*");

    private Redaction() {
    }

    /** The URL with its user-info and secret query parameters replaced by {@code ***}. */
    public static String url(String url) {
        return text(url);
    }

    /** Any text, with every URL in it redacted. Null stays null. */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        String s = USERINFO.matcher(text).replaceAll("$1***@");
        return SECRET_PARAMS.matcher(s).replaceAll("$1***");
    }
}
