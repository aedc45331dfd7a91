package org.citywatch.api.integrations;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;

/**
 * One configured webhook ({@code integrations.webhooks[i]}): where to POST alert events, the secret that signs them,
 * which alerts it wants, and how hard to try.
 *
 * @param name        the label of its metrics and logs: configured, or its index; never the URL, which may hold
 *                    credentials or tokens
 * @param url         http(s) URL the events are POSTed to
 * @param secret      HMAC-SHA256 key of the signature; never logged ({@link #toString()} hides it)
 * @param types       alert types it wants; empty: all
 * @param minSeverity the least severe alerts it wants (P2: P1 and P2); empty: all
 * @param maxQueued   events kept while it is slow or down; the oldest are dropped past this
 * @param maxAttempts attempts per event (the first one included) before it is given up
 * @param maxAge      an event older than this is given up rather than sent (late news is wrong news)
 * @param backoff     the wait before each retry
 * @param timeout     connect timeout, and the longest silence while waiting for the answer
 */
public record WebhookSettings(String name, URI url, String secret, Set<AlertType> types, Optional<Severity> minSeverity,
                              int maxQueued, int maxAttempts, Duration maxAge, Backoff backoff, Duration timeout) {

    public static final int DEFAULT_MAX_QUEUED = 1000;
    public static final int DEFAULT_MAX_ATTEMPTS = 8;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(15);
    public static final Backoff DEFAULT_BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public WebhookSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("webhook " + name + ": url must be an http:// or https:// URL with a"
                    + " host");
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("webhook " + name + ": a secret is required (it signs every POST)");
        }
        types = types == null || types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
        minSeverity = minSeverity == null ? Optional.empty() : minSeverity;
        if (maxQueued < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("webhook " + name + ": maxQueued and maxAttempts must be positive");
        }
        if (maxAge.isNegative() || maxAge.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("webhook " + name + ": maxAgeSeconds and timeoutSeconds must be"
                    + " positive");
        }
        Objects.requireNonNull(backoff, "backoff");
    }

    /** A webhook with the default limits. */
    public static WebhookSettings of(String name, URI url, String secret, Set<AlertType> types,
                                     Optional<Severity> minSeverity) {
        return new WebhookSettings(name, url, secret, types, minSeverity, DEFAULT_MAX_QUEUED, DEFAULT_MAX_ATTEMPTS,
                DEFAULT_MAX_AGE, DEFAULT_BACKOFF, DEFAULT_TIMEOUT);
    }

    /** Whether this webhook wants events of this alert (its type and severity filters). */
    public boolean accepts(Alert alert) {
        // Severity P1 is the most severe: "at least P2" is P1 or P2, i.e. ordinal <= P2's.
        return (types.isEmpty() || types.contains(alert.type()))
                && minSeverity.map(min -> alert.severity().compareTo(min) <= 0).orElse(true);
    }

    /**
     * The URL for logs: scheme, host and port only. User info, path and query are left out: any of them may hold a
     * credential (a Slack-style webhook carries its token in the path).
     */
    public String redactedUrl() {
        boolean more = url.getRawPath() != null && url.getRawPath().length() > 1 || url.getRawQuery() != null;
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")
                + (more ? "/…" : "");
    }

    /** A message (an HTTP client's error, say) with this URL's path, query and user info taken out. */
    String scrub(String message) {
        String m = message;
        for (String part : new String[] {url.getRawUserInfo(), url.getRawQuery(), url.getRawPath()}) {
            if (part != null && part.length() > 1) {
                m = m.replace(part, "…");
            }
        }
        return m;
    }

    public WebhookSettings withLimits(int newMaxQueued, int newMaxAttempts, Duration newMaxAge, Backoff newBackoff,
                                      Duration newTimeout) {
        return new WebhookSettings(name, url, secret, types, minSeverity, newMaxQueued, newMaxAttempts, newMaxAge,
                newBackoff, newTimeout);
    }

    @Override
    public String toString() {
        return "WebhookSettings[" + name + ", " + redactedUrl() + ", secret=***, types="
                + (types.isEmpty() ? "all" : types) + ", minSeverity=" + minSeverity.map(Enum::name).orElse("all")
                + ", maxQueued=" + maxQueued + ", maxAttempts=" + maxAttempts + ", maxAge=" + maxAge + "]";
    }
}
