package org.citywatch.api.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Which answers are retried, how Retry-After reads, and the backoff's schedule. */
class WebhookRetryPolicyTest {

    @Test
    void successRetryOrGiveUpByStatus() {
        assertThat(RetryPolicy.classify(200)).isEqualTo(RetryPolicy.Verdict.DELIVERED);
        assertThat(RetryPolicy.classify(204)).isEqualTo(RetryPolicy.Verdict.DELIVERED);
        for (int s : new int[] {500, 502, 503, 504, 408, 429}) {
            assertThat(RetryPolicy.classify(s)).as("HTTP %d", s).isEqualTo(RetryPolicy.Verdict.RETRY);
        }
        for (int s : new int[] {301, 302, 400, 401, 403, 404, 410, 413, 422}) {
            assertThat(RetryPolicy.classify(s)).as("HTTP %d", s).isEqualTo(RetryPolicy.Verdict.GIVE_UP);
        }
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-12-06T10:00:00Z");
        assertThat(RetryPolicy.retryAfter("120", now)).contains(Duration.ofSeconds(120));
        assertThat(RetryPolicy.retryAfter(" 0 ", now)).contains(Duration.ZERO);
        assertThat(RetryPolicy.retryAfter("Sun, 06 Dec 2026 10:00:30 GMT", now)).contains(Duration.ofSeconds(30));
        assertThat(RetryPolicy.retryAfter("Sun, 06 Dec 2026 09:59:00 GMT", now)).as("in the past")
                .contains(Duration.ZERO);
        assertThat(RetryPolicy.retryAfter("-5", now)).isEmpty();
        assertThat(RetryPolicy.retryAfter("soon", now)).isEmpty();
        assertThat(RetryPolicy.retryAfter(null, now)).isEmpty();
    }

    @Test
    void backoffDoublesFromOneSecondUpToTheCapWithinTheJitter() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
        SplittableRandom random = new SplittableRandom(42);
        long[] nominal = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000};
        for (int attempt = 1; attempt <= nominal.length; attempt++) {
            for (int i = 0; i < 200; i++) {
                long ms = b.delay(attempt, random).toMillis();
                assertThat(ms).as("retry %d", attempt)
                        .isBetween(Math.round(nominal[attempt - 1] * 0.75), Math.min(60_000, Math.round(
                                nominal[attempt - 1] * 1.25)));
            }
        }
        assertThat(b.delay(1000, random).toMillis()).as("no overflow far out").isBetween(45_000L, 60_000L);
    }
}
