package org.citywatch.api.integrations;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alert events to one webhook: a signed JSON POST each ({@link WebhookSignature}), retried with backoff
 * ({@link RetryPolicy}), from a bounded queue that drops its oldest.
 *
 * <p><b>What it guarantees</b>: one request at a time per webhook, so events arrive in the order the store
 * published them (all cameras together), at least once: a POST whose answer was lost is sent again, with the same
 * {@code X-CityWatch-Event-Id} (receivers deduplicate on it). An event is given up after {@code maxAttempts}, or when
 * it would be older than {@code maxAge} at its next try, or at once on an answer that a retry cannot change
 * (3xx, 4xx other than 408 and 429); then the next one goes. One at a time means a slow endpoint delays the others'
 * events only within its own queue: each webhook has its own.
 *
 * <p><b>Why Vert.x's HTTP client</b> (over java.net.http): the webhooks share the integrations' event loop with the
 * MQTT client, so a webhook's state, its retry timers and its requests all run on one thread without locks, and
 * vertx-core is already there. The JDK client would need its own executor, a scheduler for the backoff and locks
 * between them, and it offers an h2c upgrade on plain http that some receivers mishandle.
 *
 * <p>Threads: {@link #offer} runs on the store thread and only queues; everything else runs on the event loop.
 */
public final class WebhookSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final String USER_AGENT = "CityWatch-Webhook/1";

    private final WebhookSettings settings;
    private final Vertx vertx;
    private final Context context;
    private final HttpClient http;
    private final DropOldestQueue<OutgoingEvent> queue;
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final AtomicBoolean dropLogged = new AtomicBoolean();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean busy;

    // Event loop only.
    private OutgoingEvent current;
    private int attempt;
    private long retryTimer = -1;
    /** Kinds of problem logged at WARN since the last delivery: each once per outage. */
    private final java.util.Set<String> warned = new java.util.HashSet<>();

    WebhookSender(Vertx vertx, Context context, HttpClient http, WebhookSettings settings) {
        this.settings = settings;
        this.vertx = vertx;
        this.context = context;
        this.http = http;
        this.queue = new DropOldestQueue<>(settings.maxQueued());
    }

    /** Queues one event if this webhook wants it; called on the store thread: never blocks. */
    void offer(org.citywatch.analytics.alert.Alert alert, OutgoingEvent event) {
        if (closed || !settings.accepts(alert)) {
            return;
        }
        if (queue.offer(event) > 0 && dropLogged.compareAndSet(false, true)) {
            context.runOnContext(v -> log.warn("Webhook {}: {} events wait; dropping the oldest from now on"
                    + " (citywatch_webhook_dropped_total)", settings.name(), queue.capacity()));
        }
        if (wakeScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                wakeScheduled.set(false);
                next();
            });
        }
    }

    /** Takes the next event when none is in progress. */
    private void next() {
        if (closed || current != null) {
            return;
        }
        current = queue.poll();
        busy = current != null;
        if (current != null) {
            attempt = 0;
            send();
        }
    }

    private void send() {
        OutgoingEvent e = current;
        attempt++;
        long ts = Instant.now().getEpochSecond();
        long timeout = settings.timeout().toMillis();
        RequestOptions req = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(settings.url().toString())
                .setFollowRedirects(false)
                .setConnectTimeout(timeout)
                .setIdleTimeout(timeout)
                .putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("user-agent", USER_AGENT)
                .putHeader(WebhookSignature.EVENT_ID_HEADER, e.eventId())
                .putHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(ts))
                .putHeader(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(settings.secret(), ts, e.json()))
                .putHeader("X-CityWatch-Attempt", Integer.toString(attempt));
        http.request(req)
                .compose(r -> r.send(Buffer.buffer(e.json())))
                .compose(resp -> resp.body().map(body -> resp)) // read (and discard) the answer: frees the connection
                .onComplete(ar -> {
                    if (e != current || closed) {
                        return;
                    }
                    if (ar.succeeded()) {
                        answered(ar.result());
                    } else {
                        retryOrGiveUp("no answer (" + settings.scrub(String.valueOf(ar.cause().getMessage())) + ")",
                                Optional.empty());
                    }
                });
    }

    private void answered(HttpClientResponse resp) {
        int status = resp.statusCode();
        switch (RetryPolicy.classify(status)) {
            case DELIVERED -> {
                delivered.incrementAndGet();
                if (!warned.isEmpty()) {
                    log.info("Webhook {} delivers again ({})", settings.name(), settings.redactedUrl());
                    warned.clear();
                }
                dropLogged.set(false);
                done();
            }
            case RETRY -> retryOrGiveUp("HTTP " + status,
                    RetryPolicy.retryAfter(resp.getHeader("retry-after"), Instant.now()));
            case GIVE_UP -> {
                problem("HTTP " + status + " refused", "not retried: the same request would get the same answer");
                giveUp();
            }
        }
    }

    private void retryOrGiveUp(String why, Optional<Duration> retryAfter) {
        Duration backoff = settings.backoff().delay(attempt, ThreadLocalRandom.current());
        // The endpoint's Retry-After is a floor: we never come back sooner than it asked.
        Duration wait = retryAfter.filter(ra -> ra.compareTo(backoff) > 0).orElse(backoff);
        Instant deadline = current.queuedAt().plus(settings.maxAge());
        if (attempt >= settings.maxAttempts() || Instant.now().plus(wait).isAfter(deadline)) {
            problem(why + ", given up", "after " + attempt + " attempt(s)");
            giveUp();
            return;
        }
        problem(why, "retrying in " + wait.toMillis() + " ms");
        retries.incrementAndGet();
        retryTimer = vertx.setTimer(Math.max(1, wait.toMillis()), id -> {
            retryTimer = -1;
            if (!closed) {
                send();
            }
        });
    }

    /**
     * Logs a problem at WARN the first time its kind appears since the last delivery, else at DEBUG: an outage
     * costs a few lines, not one per event (citywatch_webhook_failed_total and _retries_total count them all).
     */
    private void problem(String kind, String detail) {
        boolean first = warned.size() < 32 && warned.add(kind);
        if (first) {
            log.warn("Webhook {} ({}): event {}: {}; {}", settings.name(), settings.redactedUrl(), current.eventId(),
                    kind, detail);
        } else {
            log.debug("Webhook {}: event {}: {}; {}", settings.name(), current.eventId(), kind, detail);
        }
    }

    private void giveUp() {
        failed.incrementAndGet();
        done();
    }

    private void done() {
        current = null;
        busy = false;
        next();
    }

    public WebhookSettings settings() {
        return settings;
    }

    public long delivered() {
        return delivered.get();
    }

    /** Events given up: refused, out of attempts, or too old. */
    public long failed() {
        return failed.get();
    }

    /** Attempts after the first (each retry counts once). */
    public long retries() {
        return retries.get();
    }

    /** Events dropped: the oldest when the queue was full, and those still undelivered at close. */
    public long dropped() {
        return queue.dropped() + abandoned.get();
    }

    /** Events waiting, the one being delivered included. */
    public int queued() {
        return queue.size() + (busy ? 1 : 0);
    }

    /** Stops at once: the retry timer is cancelled and what is queued (or being retried) is counted as dropped. */
    @Override
    public void close() {
        closed = true;
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        context.runOnContext(v -> {
            if (retryTimer != -1) {
                vertx.cancelTimer(retryTimer);
                retryTimer = -1;
            }
            int left = queue.clear() + (current != null ? 1 : 0);
            current = null;
            busy = false;
            abandoned.addAndGet(left);
            if (left > 0) {
                log.warn("Webhook {} closed with {} events not delivered", settings.name(), left);
            }
            done.complete(null);
        });
        try {
            done.get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("Webhook {} did not close cleanly: {}", settings.name(), e.toString());
        }
    }
}
