package org.citywatch.analytics.alert;

import java.security.SecureRandom;

/**
 * ULID-style ids (26 characters of Crockford base32: 48 bits of milliseconds, then 80 bits that are
 * random at each new millisecond and counted up within one), so that ids sort by creation time, as
 * text, across processes.
 */
public final class AlertIds {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastMillis = -1;
    private static long randomHigh; // 16 bits
    private static long randomLow;  // 64 bits

    private AlertIds() {
    }

    public static synchronized String next(long epochMillis) {
        long millis = Math.max(epochMillis, lastMillis);
        if (millis != lastMillis) {
            lastMillis = millis;
            randomHigh = RANDOM.nextInt(1 << 15); // leave headroom so the counter rarely carries over
            randomLow = RANDOM.nextLong();
        } else if (++randomLow == 0) {
            randomHigh++;
        }
        char[] out = new char[26];
        encode(millis, 48, out, 0, 10);
        // 80 random bits = 16 bits high + 64 bits low, written as 16 characters.
        long hi = (randomHigh << 24) | (randomLow >>> 40);  // top 40 bits of the 80
        long lo = randomLow & 0xFF_FFFF_FFFFL;               // bottom 40 bits
        encode(hi, 40, out, 10, 8);
        encode(lo, 40, out, 18, 8);
        return new String(out);
    }

    private static void encode(long value, int bits, char[] out, int offset, int chars) {
        for (int i = chars - 1; i >= 0; i--) {
            out[offset + i] = ALPHABET[(int) (value & 31)];
            value >>>= 5;
        }
    }
}
