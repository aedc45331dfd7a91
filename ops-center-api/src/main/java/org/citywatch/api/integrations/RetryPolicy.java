package org.citywatch.api.integrations;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Which webhook answers are worth another try, and how long the endpoint asked us to wait.
 *
 * <ul>
 *   <li>2xx: delivered.</li>
 *   <li>5xx, 408 Request Timeout, 429 Too Many Requests, no answer (connection refused or reset, timeout): the
 *       endpoint may take it later: retry with backoff, or after {@code Retry-After} when it says so.</li>
 *   <li>Anything else (3xx, 4xx): the same request will get the same answer (bad URL, bad secret, payload refused,
 *       a redirect that a signed POST must not follow): give up at once and log it.</li>
 * </ul>
 */
final class RetryPolicy {

    enum Verdict { DELIVERED, RETRY, GIVE_UP }

    private RetryPolicy() {
    }

    static Verdict classify(int status) {
        if (status >= 200 && status < 300) {
            return Verdict.DELIVERED;
        }
        if (status >= 500 || status == 408 || status == 429) {
            return Verdict.RETRY;
        }
        return Verdict.GIVE_UP;
    }

    /**
     * The wait a {@code Retry-After} header asks for: delta-seconds ({@code 120}) or an HTTP-date
     * ({@code Wed, 21 Oct 2015 07:28:00 GMT}); empty when absent or unreadable (then the backoff alone applies).
     */
    static Optional<Duration> retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String v = header.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
