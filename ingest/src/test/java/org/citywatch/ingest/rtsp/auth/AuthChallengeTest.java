package org.citywatch.ingest.rtsp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

    @Test
    void severalChallengesInOneHeaderWithCommasAndEscapedQuotesInsideQuotes() {
        List<AuthChallenge> all = AuthChallenge.parse(
                "Digest REALM=\"Cam, \\\"lobby\\\"\", Nonce=\"a,b\", qop=\"auth,auth-int\", Stale=TRUE, "
                + "algorithm=\"MD5-sess\", opaque=\"o\", Basic realm=\"Cam\"");
        assertThat(all).hasSize(2);
        AuthChallenge d = all.get(0);
        assertThat(d.isDigest()).isTrue();
        assertThat(d.realm()).contains("Cam, \"lobby\"");
        assertThat(d.nonce()).contains("a,b");
        assertThat(d.qopOptions()).containsExactly("auth", "auth-int");
        assertThat(d.stale()).isTrue();
        assertThat(d.algorithm()).contains("MD5-sess");
        assertThat(d.digestAlgorithm()).contains(DigestAlgorithm.MD5_SESS);
        assertThat(d.opaque()).contains("o");
        assertThat(all.get(1).isBasic()).isTrue();
        assertThat(all.get(1).realm()).contains("Cam");
    }

    @Test
    void severalHeaderValuesAndCameraQuirks() {
        List<AuthChallenge> all = AuthChallenge.parseAll(Arrays.asList(
                "Digest realm=\"IP Camera(C2183)\", nonce=\"4e54\", stale=\"FALSE\"",
                null,
                "basic realm = \"cam\"",
                "Digest realm=dahua, nonce=abc/def==, algorithm=md5"));
        assertThat(all).hasSize(3);
        assertThat(all.get(0).stale()).isFalse();
        assertThat(all.get(0).qopOptions()).isEmpty();
        assertThat(all.get(0).digestAlgorithm()).contains(DigestAlgorithm.MD5); // absent means MD5
        assertThat(all.get(1).isBasic()).isTrue();
        assertThat(all.get(1).realm()).contains("cam");
        assertThat(all.get(2).nonce()).contains("abc/def==");
        assertThat(all.get(2).digestAlgorithm()).contains(DigestAlgorithm.MD5);
    }

    @Test
    void unknownAlgorithmAndGarbage() {
        assertThat(AuthChallenge.parse("Digest nonce=\"n\", algorithm=SHA-512-256").getFirst().digestAlgorithm())
                .isEmpty();
        assertThat(AuthChallenge.parse("realm=\"orphan\", =, \"\", ,,,")).isEmpty();
        assertThat(AuthChallenge.parse("Digest realm=\"unterminated").getFirst().realm()).contains("unterminated");
        assertThat(AuthChallenge.parse("")).isEmpty();
        assertThat(AuthChallenge.parse(null)).isEmpty();
    }

    @Test
    void randomHeadersNeverThrow() {
        long seed = Long.getLong("citywatch.fuzz.seed", 20_261_122L); // fixed for CI; -D… explores
        Random random = new Random(seed);
        String alphabet = "Digest Basic realm nonce qop stale = \" \\ , auth-int SHA-256 \t";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            int n = random.nextInt(120);
            for (int k = 0; k < n; k++) {
                s.append(random.nextInt(8) == 0 ? (char) random.nextInt(256)
                        : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                Authenticator auth = new Authenticator(new Credentials("u", "p"));
                auth.challenge(List.of(s.toString()));
                auth.authorization("OPTIONS", "rtsp://x/");
                auth.challenge(List.of(s.toString()));
                auth.canRetry();
            } catch (RuntimeException e) {
                fail("seed " + seed + " iteration " + i + " header <" + s + ">: " + e, e);
            }
        }
    }
}
