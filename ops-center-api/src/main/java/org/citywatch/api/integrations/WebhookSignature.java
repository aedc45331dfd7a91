package org.citywatch.api.integrations;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook POST, in the manner of Stripe's: the signed material is the timestamp header, a dot,
 * and the exact body bytes, so that a captured request cannot be replayed later with its old signature (the
 * receiver rejects stale timestamps) nor with a new timestamp (the signature would not match).
 *
 * <pre>
 * X-CityWatch-Timestamp: 1767225600                       (Unix seconds when this attempt was sent)
 * X-CityWatch-Signature: sha256=HEX(HMAC-SHA256(secret, "1767225600" + "." + body))
 * </pre>
 *
 * Receivers recompute the HMAC over the raw body (before any JSON parsing), compare in constant time, and reject a
 * timestamp more than a few minutes from their clock ({@link #verify}). Each retry is signed afresh with its own
 * timestamp; {@code X-CityWatch-Event-Id} stays the same, so receivers deduplicate on it.
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "X-CityWatch-Signature";
    public static final String TIMESTAMP_HEADER = "X-CityWatch-Timestamp";
    public static final String EVENT_ID_HEADER = "X-CityWatch-Event-Id";
    public static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    /** {@code sha256=<hex>} of {@code timestamp + "." + body}. */
    public static String sign(String secret, long timestampSeconds, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret, timestampSeconds, body));
    }

    /**
     * What a receiver does: true when the signature header matches the body and timestamp under the secret and the
     * timestamp is within {@code tolerance} of {@code now}.
     */
    public static boolean verify(String secret, String signatureHeader, String timestampHeader, byte[] body,
                                 Duration tolerance, Instant now) {
        if (signatureHeader == null || timestampHeader == null || !signatureHeader.startsWith(PREFIX)) {
            return false;
        }
        long ts;
        byte[] given;
        try {
            ts = Long.parseLong(timestampHeader.strip());
            given = HexFormat.of().parseHex(signatureHeader.substring(PREFIX.length()).strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - ts) > tolerance.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(hmac(secret, ts, body), given); // constant time: no timing oracle
    }

    private static byte[] hmac(String secret, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(Long.toString(timestampSeconds).getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
