package org.citywatch.ingest.rtsp.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Answers an RTSP server's 401 challenges with Basic (RFC 7617) or Digest (RFC 7616, and the qop-less
 * RFC 2069 form of RFC 2617 section 3.2.2.1 that most IP cameras still use). One per connection; not
 * thread-safe; assumes requests are sent one at a time, as an RTSP client does.
 *
 * <p>Use: send a request without {@code Authorization}; on 401 call {@link #challenge}, then resend with
 * {@link #authorization} only if {@link #canRetry()}; else fail as unauthorized. Put {@link #authorization}
 * on every later request too (Digest needs a fresh nonce count each time).
 */
public final class Authenticator {

    /** Retries after a 401 that answered our credentials, until a request gets through: stops 401 loops. */
    static final int MAX_RETRIES = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<Credentials> credentials;
    private final Supplier<String> cnonces;

    private AuthChallenge current;
    private DigestAlgorithm algorithm;
    private String qop;
    private String cnonce;
    private int nonceCount;
    /** Scheme and nonce of the last Authorization sent; null before any. */
    private String sentScheme;
    private String sentNonce;
    private boolean challengedSinceLastAuthorization;
    private int retries;
    private boolean canRetry;

    public Authenticator(Optional<Credentials> credentials) {
        this(credentials, Authenticator::randomCnonce);
    }

    public Authenticator(Credentials credentials) {
        this(Optional.of(credentials));
    }

    /** With a fixed cnonce source, for the RFC test vectors. */
    Authenticator(Optional<Credentials> credentials, Supplier<String> cnonces) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.cnonces = Objects.requireNonNull(cnonces, "cnonces");
    }

    /**
     * Takes the {@code WWW-Authenticate} values of a 401 and picks the strongest challenge we support:
     * Digest SHA-256 > Digest MD5 > Basic. Digest without a nonce, or with another algorithm, is ignored.
     */
    public void challenge(List<String> wwwAuthenticateValues) {
        AuthChallenge best = null;
        for (AuthChallenge c : AuthChallenge.parseAll(wwwAuthenticateValues)) {
            if (rank(c) > rank(best)) {
                best = c;
            }
        }
        boolean answeredBefore = sentScheme != null && !challengedSinceLastAuthorization;
        challengedSinceLastAuthorization = true;
        current = best;
        if (best == null || credentials.isEmpty()) {
            canRetry = false;
            return;
        }
        String nonce = best.nonce().orElse(null);
        if (best.isDigest()) {
            algorithm = best.digestAlgorithm().orElseThrow();
            Set<String> offered = best.qopOptions();
            qop = offered.contains("auth") ? "auth" : offered.contains("auth-int") ? "auth-int" : null;
            if (!Objects.equals(nonce, sentNonce) || cnonce == null) {
                nonceCount = 0; // RFC 7616 section 3.4: nc counts the requests sent with this nonce
                cnonce = cnonces.get();
            }
        }
        if (!answeredBefore) {
            canRetry = true; // first challenge since our last credentials were accepted (or ever)
            return;
        }
        // Our credentials were refused. Another try makes sense only if the server asks for new material:
        // the nonce expired (stale=true) or changed. Same nonce or Basic again: the password is wrong.
        boolean fresh = best.stale() || !best.scheme().equalsIgnoreCase(sentScheme)
                || (nonce != null && !nonce.equals(sentNonce));
        canRetry = fresh && retries < MAX_RETRIES;
        if (canRetry) {
            retries++;
        }
    }

    /** Whether resending with {@link #authorization} after the last {@link #challenge} can succeed. */
    public boolean canRetry() {
        return canRetry;
    }

    /**
     * The {@code Authorization} value for a request; empty before any supported challenge or without
     * credentials (never preemptive: that would send a Basic password to a server that wants Digest).
     *
     * @param uri the request URI exactly as on the request line (without user-info)
     */
    public Optional<String> authorization(String method, String uri) {
        if (current == null || credentials.isEmpty()) {
            return Optional.empty();
        }
        if (!challengedSinceLastAuthorization) {
            retries = 0; // the previous request went through with our credentials
        }
        challengedSinceLastAuthorization = false;
        Credentials c = credentials.get();
        sentScheme = current.scheme();
        sentNonce = current.nonce().orElse(null);
        if (current.isBasic()) {
            String token = c.username() + ":" + c.password();
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
        nonceCount++;
        String nc = String.format("%08x", nonceCount);
        String realm = current.realm().orElse("");
        String response = digestResponse(algorithm, c.username(), realm, c.password(), method, uri,
                sentNonce, nc, cnonce, qop);
        StringBuilder h = new StringBuilder("Digest ");
        h.append("username=").append(quote(c.username()));
        h.append(", realm=").append(quote(realm));
        h.append(", nonce=").append(quote(sentNonce));
        h.append(", uri=").append(quote(uri));
        h.append(", response=").append(quote(response));
        // Echo the algorithm only when the server named it: some old cameras reject parameters they did not send.
        current.algorithm().ifPresent(a -> h.append(", algorithm=").append(algorithm.token()));
        current.opaque().ifPresent(o -> h.append(", opaque=").append(quote(o)));
        if (qop != null) {
            h.append(", qop=").append(qop).append(", nc=").append(nc).append(", cnonce=").append(quote(cnonce));
        } else if (algorithm.session()) {
            h.append(", cnonce=").append(quote(cnonce));
        }
        return Optional.of(h.toString());
    }

    /**
     * The request-digest of RFC 7616 section 3.4.1 (qop auth or auth-int, with an empty body since RTSP
     * client requests carry none) or, when {@code qop} is null, of RFC 2617 section 3.2.2.1 (RFC 2069 form).
     */
    static String digestResponse(DigestAlgorithm alg, String username, String realm, String password,
                                 String method, String uri, String nonce, String nc, String cnonce, String qop) {
        String ha1 = alg.hash(username + ":" + realm + ":" + password);
        if (alg.session()) {
            ha1 = alg.hash(ha1 + ":" + nonce + ":" + cnonce); // RFC 7616 section 3.4.2
        }
        String a2 = "auth-int".equals(qop) ? method + ":" + uri + ":" + alg.hash("") : method + ":" + uri;
        String ha2 = alg.hash(a2);
        return qop == null
                ? alg.hash(ha1 + ":" + nonce + ":" + ha2)
                : alg.hash(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    private static int rank(AuthChallenge c) {
        if (c == null) {
            return 0;
        }
        if (c.isBasic()) {
            return 1;
        }
        if (!c.isDigest() || c.nonce().isEmpty() || c.digestAlgorithm().isEmpty()) {
            return 0;
        }
        return c.digestAlgorithm().get().token().startsWith("SHA-256") ? 3 : 2;
    }

    /** quoted-string of RFC 7230 section 3.2.6. */
    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String randomCnonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public String toString() {
        return "Authenticator[" + credentials.map(Credentials::username).orElse("no credentials") + ", "
                + (current == null ? "no challenge" : current.scheme()) + "]";
    }
}
