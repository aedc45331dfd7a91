package org.citywatch.analytics.alert.redis;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import org.citywatch.analytics.alert.AlertEvent;

/**
 * An {@link AlertEvent} as one line of JSON: the stream entry, the stored state of its alert and the journal line
 * are all this text. The fields are the records' components ({@code {"eventId":…,"kind":"UPDATED","at":
 * "2026-11-22T10:15:30.123456Z","alert":{"id":…,"version":3,…}}}); times are ISO-8601 with their nanoseconds, so a
 * round trip gives an equal event. Counts come back as {@code Integer} (or {@code Long} past its range) when they
 * were whole and as {@code Double} otherwise: a {@code Float} or a whole {@code Long} count reads back as the other
 * type with the same value.
 *
 * <p>Unknown fields are ignored, so a node that is one release behind still reads what a newer node wrote; a missing
 * required field, an unknown enum constant or text that is not JSON is an {@link IllegalArgumentException}, which
 * readers treat as a malformed entry (logged and skipped). Thread-safe.
 */
public final class AlertEventCodec {

    private final ObjectMapper json = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A version, a frame size or a box coordinate that is missing is malformed, not zero.
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** One line of JSON (no line break inside: strings are escaped). */
    public String encode(AlertEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JacksonException e) {
            // Records of strings, numbers and enums always serialize; this would be a bug.
            throw new UncheckedIOException("alert event " + event.eventId() + " could not be encoded", e);
        }
    }

    /**
     * @throws IllegalArgumentException when the text is not an alert event this release understands
     */
    public AlertEvent decode(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("malformed alert event: empty");
        }
        try {
            AlertEvent e = json.readValue(text, AlertEvent.class);
            if (e == null) {
                throw new IllegalArgumentException("malformed alert event: null");
            }
            return e;
        } catch (JacksonException e) {
            // The record constructors' own checks (a null id, version 0) arrive here wrapped too.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException("malformed alert event: " + firstLine(cause.getMessage()), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no detail)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
