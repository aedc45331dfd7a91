package org.citywatch.ingest.rtsp.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Scheme choice and the retry rule that keeps a client out of endless 401 loops. */
class AuthenticatorTest {

    private static final Credentials ADMIN = new Credentials("admin", "12345");
    private static final String URI = "rtsp://10.0.0.64:554/Streaming/Channels/101";

    private static String digest(String nonce) {
        return "Digest realm=\"IP Camera(C2183)\", nonce=\"" + nonce + "\", stale=\"FALSE\"";
    }

    @Test
    void picksTheStrongestSupportedScheme() {
        Authenticator auth = new Authenticator(ADMIN);
        auth.challenge(List.of("Basic realm=\"cam\"", "Digest realm=\"cam\", nonce=\"n\", algorithm=SHA-512-256",
                "Digest realm=\"cam\", nonce=\"m\", algorithm=MD5", "Negotiate"));
        assertThat(auth.authorization("OPTIONS", URI).orElseThrow()).startsWith("Digest ").contains("nonce=\"m\"");
        auth.challenge(List.of("Basic realm=\"cam\"", "Digest realm=\"cam\"")); // Digest without nonce: unusable
        assertThat(auth.authorization("OPTIONS", URI).orElseThrow()).isEqualTo("Basic YWRtaW46MTIzNDU=");
    }

    @Test
    void basicIsRfc7617() {
        Authenticator auth = new Authenticator(new Credentials("Aladdin", "open sesame"));
        auth.challenge(List.of("Basic realm=\"WallyWorld\""));
        assertThat(auth.canRetry()).isTrue();
        assertThat(auth.authorization("DESCRIBE", URI)).contains("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }

    @Test
    void nothingBeforeAChallengeNorWithoutCredentialsNorForUnsupportedSchemes() {
        Authenticator auth = new Authenticator(ADMIN);
        assertThat(auth.authorization("OPTIONS", URI)).isEmpty(); // never preemptive
        auth.challenge(List.of("Negotiate abc==", "Bearer realm=\"x\""));
        assertThat(auth.canRetry()).isFalse();
        assertThat(auth.authorization("OPTIONS", URI)).isEmpty();
        Authenticator anonymous = new Authenticator(Optional.empty());
        anonymous.challenge(List.of(digest("n1")));
        assertThat(anonymous.canRetry()).isFalse();
        assertThat(anonymous.authorization("OPTIONS", URI)).isEmpty();
        assertThat(anonymous.toString()).contains("no credentials");
    }

    @Test
    void wrongPasswordWithTheSameNonceGivesUpAtOnce() {
        Authenticator auth = new Authenticator(ADMIN);
        auth.challenge(List.of(digest("n1")));
        assertThat(auth.canRetry()).isTrue(); // first 401: we had sent nothing yet
        auth.authorization("DESCRIBE", URI);
        auth.challenge(List.of(digest("n1")));
        assertThat(auth.canRetry()).isFalse();
    }

    @Test
    void wrongPasswordWithAFreshNonceEveryTimeRetriesOnceOnly() {
        // Many cameras put a new nonce in every 401: "nonce changed" alone must not loop forever.
        Authenticator auth = new Authenticator(ADMIN);
        auth.challenge(List.of(digest("n1")));
        auth.authorization("DESCRIBE", URI);
        auth.challenge(List.of(digest("n2")));
        assertThat(auth.canRetry()).isTrue();
        auth.authorization("DESCRIBE", URI);
        auth.challenge(List.of(digest("n3")));
        assertThat(auth.canRetry()).isFalse();
    }

    @Test
    void staleNonceMidSessionIsRetriedEveryTimeItHappens() {
        Authenticator auth = new Authenticator(ADMIN);
        auth.challenge(List.of(digest("n1")));
        auth.authorization("DESCRIBE", URI);
        for (int hour = 2; hour < 6; hour++) {
            auth.authorization("GET_PARAMETER", URI); // the previous request went through
            auth.challenge(List.of("Digest realm=\"r\", nonce=\"n" + hour + "\", stale=TRUE"));
            assertThat(auth.canRetry()).as("expiry %d", hour).isTrue();
            assertThat(auth.authorization("GET_PARAMETER", URI).orElseThrow()).contains("nonce=\"n" + hour + "\"");
        }
    }

    @Test
    void basicRefusedIsFinal() {
        Authenticator auth = new Authenticator(ADMIN);
        auth.challenge(List.of("Basic realm=\"cam\""));
        auth.authorization("DESCRIBE", URI);
        auth.challenge(List.of("Basic realm=\"cam\""));
        assertThat(auth.canRetry()).isFalse();
    }

    @Test
    void digestHeaderQuotesWhatNeedsQuoting() {
        Authenticator auth = new Authenticator(new Credentials("we\"ird\\user", "p"));
        auth.challenge(List.of("Digest realm=\"r\", nonce=\"n\", opaque=\"o\""));
        String header = auth.authorization("PLAY", URI).orElseThrow();
        assertThat(header).contains("username=\"we\\\"ird\\\\user\"").contains("uri=\"" + URI + "\"");
        assertThat(AuthChallenge.parse(header).getFirst().params()).containsEntry("username", "we\"ird\\user");
    }
}
