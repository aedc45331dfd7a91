package org.citywatch.ingest.rtsp.auth;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A camera's user name and password, taken from the user-info of its URL.
 * {@link #toString()} never shows the password.
 */
public record Credentials(String username, String password) {

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }

    /**
     * The percent-decoded user and password of {@code rtsp://user:pass@host/...}; empty when the URL has
     * none. The password runs to the last '@' of the authority, since camera passwords often contain '@'
     * unescaped (java.net.URI then sees no user-info at all, only a registry-based authority).
     */
    public static Optional<Credentials> fromUri(URI uri) {
        String userInfo = rawUserInfo(uri);
        if (userInfo == null || userInfo.isEmpty()) {
            return Optional.empty();
        }
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        String pass = colon < 0 ? "" : userInfo.substring(colon + 1);
        return Optional.of(new Credentials(percentDecode(user), percentDecode(pass)));
    }

    /** The same URL without user-info: what goes on the RTSP request line (credentials travel only in headers). */
    public static URI withoutUserInfo(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null || authority.lastIndexOf('@') < 0) {
            return uri;
        }
        StringBuilder s = new StringBuilder();
        s.append(uri.getScheme()).append("://").append(authority.substring(authority.lastIndexOf('@') + 1));
        s.append(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            s.append('?').append(uri.getRawQuery());
        }
        if (uri.getRawFragment() != null) {
            s.append('#').append(uri.getRawFragment());
        }
        try {
            return new URI(s.toString());
        } catch (URISyntaxException e) {
            // Cannot happen: every part came out of a valid URI. Never echo the input: it holds the password.
            throw new IllegalArgumentException("URL without its user-info is not valid", e);
        }
    }

    private static String rawUserInfo(URI uri) {
        if (uri.getRawUserInfo() != null) {
            return uri.getRawUserInfo();
        }
        String authority = uri.getRawAuthority();
        int at = authority == null ? -1 : authority.lastIndexOf('@');
        return at < 0 ? null : authority.substring(0, at);
    }

    /** RFC 3986 percent-decoding as UTF-8; a '%' not followed by two hex digits stays as it is ('+' is no space). */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int hi = i + 2 < bytes.length ? Character.digit(bytes[i + 1], 16) : -1;
            int lo = i + 2 < bytes.length ? Character.digit(bytes[i + 2], 16) : -1;
            if (bytes[i] == '%' && hi >= 0 && lo >= 0) {
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
