package org.citywatch.ingest.rtsp.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The RFCs' own worked examples, through the full Authenticator (challenge in, header out). */
class DigestVectorsTest {

    // RFC 7616 section 3.9.1
    private static final String REALM_7616 = "http-auth@example.org";
    private static final String NONCE_7616 = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String OPAQUE_7616 = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
    private static final String CNONCE_7616 = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private static final Credentials MUFASA_7616 = new Credentials("Mufasa", "Circle of Life");

    private static String challenge7616(String algorithm) {
        return "Digest realm=\"" + REALM_7616 + "\", qop=\"auth, auth-int\", algorithm=" + algorithm
                + ", nonce=\"" + NONCE_7616 + "\", opaque=\"" + OPAQUE_7616 + "\"";
    }

    private static Map<String, String> answer(Authenticator auth, String method, String uri) {
        String header = auth.authorization(method, uri).orElseThrow();
        assertThat(header).startsWith("Digest ");
        // The Authorization header has the auth-param grammar of a challenge: parse it the same way.
        return AuthChallenge.parse(header).getFirst().params();
    }

    @Test
    void rfc7616Md5() {
        Authenticator auth = new Authenticator(Optional.of(MUFASA_7616), () -> CNONCE_7616);
        auth.challenge(List.of(challenge7616("MD5")));
        Map<String, String> p = answer(auth, "GET", "/dir/index.html");
        assertThat(p).containsEntry("response", "8ca523f5e9506fed4657c9700eebdbec")
                .containsEntry("username", "Mufasa").containsEntry("realm", REALM_7616)
                .containsEntry("uri", "/dir/index.html").containsEntry("algorithm", "MD5")
                .containsEntry("nonce", NONCE_7616).containsEntry("nc", "00000001")
                .containsEntry("cnonce", CNONCE_7616).containsEntry("qop", "auth")
                .containsEntry("opaque", OPAQUE_7616);
    }

    @Test
    void rfc7616Sha256() {
        Authenticator auth = new Authenticator(Optional.of(MUFASA_7616), () -> CNONCE_7616);
        // Both challenges, as in the RFC's example 401; SHA-256 is chosen whichever comes first.
        auth.challenge(List.of(challenge7616("MD5"), challenge7616("SHA-256")));
        assertThat(answer(auth, "GET", "/dir/index.html"))
                .containsEntry("response", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")
                .containsEntry("algorithm", "SHA-256");
    }

    @Test
    void rfc2617Section35() {
        // Note the RFC's capital O: "Circle Of Life" (RFC 7616 writes "Circle of Life").
        Authenticator auth = new Authenticator(Optional.of(new Credentials("Mufasa", "Circle Of Life")),
                () -> "0a4f113b");
        auth.challenge(List.of("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""));
        Map<String, String> p = answer(auth, "GET", "/dir/index.html");
        assertThat(p).containsEntry("response", "6629fae49393a05397450978507c4ef1")
                .containsEntry("opaque", "5ccc069c403ebaf9f0171e9517f40e41").doesNotContainKey("algorithm");
    }

    @Test
    void rfc2069LegacyFormWithoutQop() {
        // RFC 2069 section 2.4 example, the form most IP cameras still ask for: no qop, nc or cnonce.
        Authenticator auth = new Authenticator(Optional.of(new Credentials("Mufasa", "CircleOfLife")), () -> "x");
        auth.challenge(List.of("Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\""));
        Map<String, String> p = answer(auth, "GET", "/dir/index.html");
        assertThat(p).containsEntry("response", "1949323746fe6a43ef61f9606e7febea")
                .doesNotContainKeys("qop", "nc", "cnonce", "algorithm", "opaque");
    }

    @Test
    void sessionVariantsAndAuthIntAgreeWithAnIndependentComputation() {
        // Computed with Python's hashlib from RFC 7616 sections 3.4.1 and 3.4.2 on the section 3.9.1 inputs.
        String[][] cases = {
            {"MD5-sess", "auth", "e783283f46242139c486a698fec7211d"},
            {"SHA-256-sess", "auth", "2fd51b3a77ad75bad6afad6003e818d767133c46d9e2749e7f5232ae1ea3efd7"},
            {"MD5", "auth-int", "8804a53d3640a40a4f73cea12c5ba451"},
        };
        for (String[] c : cases) {
            String alg = c[0];
            assertThat(Authenticator.digestResponse(DigestAlgorithm.parse(alg).orElseThrow(), "Mufasa", REALM_7616,
                    "Circle of Life", "GET", "/dir/index.html", NONCE_7616, "00000001", CNONCE_7616, c[1]))
                    .as(alg + " " + c[1]).isEqualTo(c[2]);
        }
        Authenticator onlyAuthInt = new Authenticator(Optional.of(MUFASA_7616), () -> CNONCE_7616);
        onlyAuthInt.challenge(List.of("Digest realm=\"" + REALM_7616 + "\", qop=\"auth-int\", nonce=\"" + NONCE_7616 + "\""));
        assertThat(answer(onlyAuthInt, "GET", "/dir/index.html"))
                .containsEntry("qop", "auth-int").containsEntry("response", "8804a53d3640a40a4f73cea12c5ba451");
    }

    @Test
    void nonceCountGoesUpPerRequestAndRestartsWithANewNonce() {
        Authenticator auth = new Authenticator(Optional.of(MUFASA_7616), () -> CNONCE_7616);
        auth.challenge(List.of(challenge7616("MD5")));
        assertThat(answer(auth, "GET", "/dir/index.html")).containsEntry("nc", "00000001");
        assertThat(answer(auth, "GET", "/dir/index.html")).containsEntry("nc", "00000002")
                .containsEntry("response", "4b5d595ecf2db9df612ea5b45cd97101");
        auth.challenge(List.of(challenge7616("MD5").replace(NONCE_7616, "fresh") + ", stale=true"));
        assertThat(answer(auth, "GET", "/dir/index.html")).containsEntry("nc", "00000001")
                .containsEntry("nonce", "fresh");
    }

    @Test
    void randomCnonceDiffersPerAuthenticator() {
        Authenticator a = new Authenticator(MUFASA_7616);
        Authenticator b = new Authenticator(MUFASA_7616);
        a.challenge(List.of(challenge7616("MD5")));
        b.challenge(List.of(challenge7616("MD5")));
        String ca = answer(a, "DESCRIBE", "rtsp://cam/live").get("cnonce");
        assertThat(ca).hasSize(32).isNotEqualTo(answer(b, "DESCRIBE", "rtsp://cam/live").get("cnonce"));
    }
}
