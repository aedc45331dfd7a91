package org.citywatch.ingest.rtsp.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235 section 4.1). A response may carry several
 * headers and one header several challenges ({@code Digest realm="a", nonce="b", Basic realm="a"}).
 *
 * @param scheme the auth-scheme as sent ("Digest", "Basic"; compare with {@link #isDigest()})
 * @param params the auth-params, names lower-cased (they are case-insensitive), quoted values unescaped
 */
public record AuthChallenge(String scheme, Map<String, String> params) {

    public AuthChallenge {
        Objects.requireNonNull(scheme, "scheme");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public boolean isDigest() {
        return scheme.equalsIgnoreCase("Digest");
    }

    public boolean isBasic() {
        return scheme.equalsIgnoreCase("Basic");
    }

    public Optional<String> realm() {
        return Optional.ofNullable(params.get("realm"));
    }

    public Optional<String> nonce() {
        return Optional.ofNullable(params.get("nonce"));
    }

    public Optional<String> opaque() {
        return Optional.ofNullable(params.get("opaque"));
    }

    /** RFC 7616 section 3.3: the nonce expired but the credentials were right ("true", any case, Hikvision sends "TRUE"). */
    public boolean stale() {
        return "true".equalsIgnoreCase(params.getOrDefault("stale", "").trim());
    }

    /** The algorithm parameter as sent; absent means MD5. */
    public Optional<String> algorithm() {
        return Optional.ofNullable(params.get("algorithm"));
    }

    /** The algorithm when it is one we can compute (absent = MD5), else empty. */
    public Optional<DigestAlgorithm> digestAlgorithm() {
        return DigestAlgorithm.parse(params.get("algorithm"));
    }

    /** The qop options offered, lower-cased ("auth", "auth-int"); empty for the RFC 2069 legacy form. */
    public Set<String> qopOptions() {
        Set<String> options = new LinkedHashSet<>();
        for (String q : params.getOrDefault("qop", "").split(",")) {
            if (!q.isBlank()) {
                options.add(q.trim().toLowerCase(Locale.ROOT));
            }
        }
        return options;
    }

    /** Every challenge of every header value; nulls and malformed parts are skipped, never an exception. */
    public static List<AuthChallenge> parseAll(List<String> headerValues) {
        List<AuthChallenge> all = new ArrayList<>();
        if (headerValues != null) {
            for (String v : headerValues) {
                all.addAll(parse(v));
            }
        }
        return all;
    }

    /**
     * The challenges of one header value. A token followed by '=' is a parameter of the current challenge;
     * a token followed by anything else starts a new challenge. Quoted strings may hold commas and
     * backslash-escaped quotes (RFC 7230 section 3.2.6). Unquoted values run to the next comma or blank,
     * since some cameras send nonces with characters outside the token grammar unquoted.
     */
    public static List<AuthChallenge> parse(String headerValue) {
        List<AuthChallenge> challenges = new ArrayList<>();
        if (headerValue == null) {
            return challenges;
        }
        String s = headerValue;
        int n = s.length();
        int i = 0;
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (i < n) {
            char c = s.charAt(i);
            if (c == ',' || Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isTokenChar(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                i++; // a stray character (e.g. '=' of a token68): skip it
                continue;
            }
            String token = s.substring(start, i);
            int j = i;
            while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
                j++;
            }
            if (j < n && s.charAt(j) == '=') {
                i = j + 1;
                while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                    i++;
                }
                StringBuilder value = new StringBuilder();
                if (i < n && s.charAt(i) == '"') {
                    i++;
                    while (i < n && s.charAt(i) != '"') {
                        if (s.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        value.append(s.charAt(i++));
                    }
                    i++; // the closing quote (or past the end when it is missing)
                } else {
                    while (i < n && s.charAt(i) != ',' && !Character.isWhitespace(s.charAt(i))) {
                        value.append(s.charAt(i++));
                    }
                }
                if (scheme != null) { // a parameter before any scheme belongs to no challenge
                    params.putIfAbsent(token.toLowerCase(Locale.ROOT), value.toString());
                }
            } else {
                if (scheme != null) {
                    challenges.add(new AuthChallenge(scheme, params));
                }
                scheme = token;
                params = new LinkedHashMap<>();
            }
        }
        if (scheme != null) {
            challenges.add(new AuthChallenge(scheme, params));
        }
        return challenges;
    }

    /** tchar of RFC 7230 section 3.2.6. */
    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
