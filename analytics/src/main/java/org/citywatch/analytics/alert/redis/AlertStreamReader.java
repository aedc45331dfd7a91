package org.citywatch.analytics.alert.redis;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.citywatch.analytics.alert.AlertEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's reader of the event stream: a consumer group of its own (named after the node), so that every node
 * receives every event; one thread that reads with XREADGROUP BLOCK, calls the listeners in stream order and
 * acknowledges (XACK). When the connection breaks it reconnects with backoff, first re-reads the entries the group
 * delivered but never saw acknowledged (its pending entries), and never calls the listeners twice for one entry:
 * it remembers the last stream id it delivered. A malformed entry is logged once with its id, counted, acknowledged
 * and skipped.
 *
 * <p>The group starts at the stream's last entry when the node subscribes ("every event from now on"); a node that
 * starts again under the same id moves its group there too, rather than replaying what happened while it was away
 * (the API reads the current alerts with a query). If the group disappears (Redis lost its data, or someone deleted
 * it), it is made again at the last delivered id, so nothing appended since is missed.
 */
final class AlertStreamReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertStreamReader.class);
    private static final int BATCH = 256;
    static final Duration BLOCK = Duration.ofSeconds(1);

    private final RedisClient client;
    private final RedisLink link;
    private final RedisKeys keys;
    private final String group;
    private final boolean ephemeral;
    private final AlertEventCodec codec;
    private final Consumer<AlertEvent> listener;
    private final Backoff backoff;
    private final io.lettuce.core.Consumer<String> consumer;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile boolean closed;
    private boolean groupReady; // reader thread, and start() before the thread runs
    private StreamId lastDelivered;
    private boolean refusalLogged;

    /**
     * @param ephemeral the group was named for this process only: deleted on close
     * @param listener  called for each event, in stream order, on the reader thread
     */
    AlertStreamReader(RedisClient client, Duration timeout, RedisKeys keys, String group, boolean ephemeral,
                      AlertEventCodec codec, Duration maxBackoff, Consumer<AlertEvent> listener) {
        this.client = client;
        this.link = new RedisLink(client, timeout.plus(BLOCK), "Alert stream reader (group " + group + ")");
        this.keys = keys;
        this.group = group;
        this.ephemeral = ephemeral;
        this.codec = codec;
        this.listener = listener;
        this.backoff = new Backoff(Duration.ofMillis(50), maxBackoff);
        this.consumer = io.lettuce.core.Consumer.from(group, group);
        this.thread = Thread.ofPlatform().daemon().name("alert-stream-" + group).unstarted(this::run);
    }

    /** Makes the group now if Redis answers (so that every event published after this returns is delivered), then
     * starts reading. */
    void start() {
        try {
            ensureGroup(link.connect().sync());
        } catch (RuntimeException e) {
            log.warn("Alert stream reader (group {}): Redis unreachable at subscription ({}); the group starts when it "
                    + "answers", group, RedisLink.message(e));
        }
        thread.start();
    }

    private void run() {
        boolean readPending = true;
        try {
            while (!closed) {
                StatefulRedisConnection<String, String> c = null;
                try {
                    c = link.connect();
                    RedisCommands<String, String> redis = c.sync();
                    if (!groupReady) {
                        ensureGroup(redis);
                    }
                    if (readPending) {
                        deliverPending(redis);
                        readPending = false;
                    }
                    List<StreamMessage<String, String>> batch = redis.xreadgroup(consumer,
                            XReadArgs.Builder.block(BLOCK).count(BATCH),
                            XReadArgs.StreamOffset.lastConsumed(keys.events()));
                    deliver(redis, batch);
                    backoff.reset();
                    refusalLogged = false;
                } catch (RuntimeException e) {
                    if (closed) {
                        break;
                    }
                    if (e instanceof RedisCommandExecutionException
                            && String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
                        log.warn("Alert stream reader: group {} is gone from Redis; made again after {}", group,
                                lastDelivered == null ? "the last entry" : lastDelivered);
                        groupReady = false;
                        continue;
                    }
                    if (RedisLink.isOutage(e)) {
                        link.broken(c, e);
                        readPending = true;
                    } else if (!refusalLogged) {
                        refusalLogged = true; // Redis answers but refuses the read: once in the log, then retried
                        log.error("Alert stream reader (group {}): Redis refused the read ({}); retrying", group,
                                RedisLink.message(e));
                    }
                    Thread.sleep(backoff.nextDelayMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    /** The group at the last delivered entry, or (first time) at the stream's last entry. */
    private void ensureGroup(RedisCommands<String, String> redis) {
        if (lastDelivered != null) {
            try {
                redis.xgroupCreate(XReadArgs.StreamOffset.from(keys.events(), lastDelivered.toString()), group,
                        XGroupCreateArgs.Builder.mkstream());
            } catch (RedisBusyException e) {
                // it exists: keep its position
            }
        } else {
            List<StreamMessage<String, String>> last = redis.xrevrange(keys.events(), Range.unbounded(),
                    Limit.create(0, 1));
            StreamId start = last.isEmpty() ? StreamId.ZERO : StreamId.parse(last.getFirst().getId());
            try {
                redis.xgroupCreate(XReadArgs.StreamOffset.from(keys.events(), start.toString()), group,
                        XGroupCreateArgs.Builder.mkstream());
            } catch (RedisBusyException e) {
                redis.xgroupSetid(XReadArgs.StreamOffset.from(keys.events(), start.toString()), group);
            }
            lastDelivered = start;
        }
        groupReady = true;
    }

    /** The entries delivered to this consumer but not acknowledged (the connection broke before XACK). */
    private void deliverPending(RedisCommands<String, String> redis) {
        while (!closed) {
            List<StreamMessage<String, String>> batch = redis.xreadgroup(consumer, XReadArgs.Builder.count(BATCH),
                    XReadArgs.StreamOffset.from(keys.events(), "0"));
            if (batch.isEmpty()) {
                return;
            }
            deliver(redis, batch);
        }
    }

    private void deliver(RedisCommands<String, String> redis, List<StreamMessage<String, String>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(batch.size());
        for (StreamMessage<String, String> m : batch) {
            ids.add(m.getId());
            StreamId id = StreamId.parse(m.getId());
            if (lastDelivered != null && id.compareTo(lastDelivered) <= 0) {
                continue; // delivered before the connection broke
            }
            lastDelivered = id;
            if (m.getBody() == null) {
                continue; // trimmed away (MAXLEN) while it was pending
            }
            AlertEvent event;
            try {
                event = codec.decode(m.getBody().get("event"));
            } catch (IllegalArgumentException e) {
                malformed.incrementAndGet();
                log.warn("Alert stream {}: entry {} is malformed and was skipped ({})", keys.events(), m.getId(),
                        e.getMessage());
                continue;
            }
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.error("Alert listener failed on event {} of alert {}", event.eventId(), event.alert().id(), e);
            }
            delivered.incrementAndGet();
        }
        redis.xack(keys.events(), group, ids.toArray(String[]::new));
    }

    long delivered() {
        return delivered.get();
    }

    long malformed() {
        return malformed.get();
    }

    @Override
    public void close() {
        closed = true;
        link.close(); // ends a blocked read at once
        thread.interrupt(); // and a backoff pause
        try {
            if (thread.isAlive() && !stopped.await(5, TimeUnit.SECONDS)) {
                log.warn("Alert stream reader (group {}) did not stop within 5 s", group);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ephemeral) {
            // A generated group serves this process only; left behind it would hold a pending list forever.
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                c.sync().xgroupDestroy(keys.events(), group);
            } catch (RuntimeException e) {
                log.debug("Alert stream group {} not deleted ({})", group, e.getMessage());
            }
        }
    }
}
