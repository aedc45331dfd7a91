package org.citywatch.analytics.alert;

import java.time.Instant;

/** The creation time written in the first 10 characters of an {@link AlertIds} id. */
final class AlertIdTime {

    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private AlertIdTime() {
    }

    static Instant of(String id) {
        long millis = 0;
        for (int i = 0; i < 10; i++) {
            int v = ALPHABET.indexOf(id.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("not an alert id: " + id);
            }
            millis = (millis << 5) | v;
        }
        return Instant.ofEpochMilli(millis);
    }
}
