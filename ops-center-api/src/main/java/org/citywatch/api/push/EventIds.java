package org.citywatch.api.push;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The push's reading of event ids: ULIDs as {@code AlertIds} makes them (26 characters of Crockford base32, the
 * first 10 the creation time in milliseconds), which sort by creation time as text.
 */
final class EventIds {

    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    static final int LENGTH = 26;

    private EventIds() {
    }

    /** The id in canonical form (upper case), or empty when it is not an event id. */
    static Optional<String> parse(String s) {
        if (s == null || s.length() != LENGTH) {
            return Optional.empty();
        }
        String id = s.toUpperCase(Locale.ROOT);
        for (int i = 0; i < LENGTH; i++) {
            if (ALPHABET.indexOf(id.charAt(i)) < 0) {
                return Optional.empty();
            }
        }
        // 26 characters hold 130 bits for 128: the first character is at most 7.
        return id.charAt(0) <= '7' ? Optional.of(id) : Optional.empty();
    }

    /** The smallest id of a millisecond: every event created at or after it sorts at or after it. */
    static String floor(long epochMillis) {
        char[] out = new char[LENGTH];
        long v = epochMillis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (v & 31));
            v >>>= 5;
        }
        for (int i = 10; i < LENGTH; i++) {
            out[i] = '0';
        }
        return new String(out);
    }

    /** When the event was created, from its id. */
    static Instant time(String id) {
        long v = 0;
        for (int i = 0; i < 10; i++) {
            v = (v << 5) | ALPHABET.indexOf(id.charAt(i));
        }
        return Instant.ofEpochMilli(v);
    }
}
