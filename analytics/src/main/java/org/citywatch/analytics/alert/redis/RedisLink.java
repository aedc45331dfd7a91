package org.citywatch.analytics.alert.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to Redis that this store opens again itself after it broke. Lettuce's own reconnection is off (see
 * {@link RedisAlertStore}): when a command fails for want of Redis the caller says {@link #broken}, the connection
 * is closed, and the next {@link #connect()} (the replayer's or the reader's, with backoff) opens a new one. Until
 * then {@link #current()} is null and publishers go to the journal at once instead of waiting for a timeout. Logs
 * each outage once, when it starts and when it ends. Thread-safe; the connection itself is shared (Lettuce
 * pipelines concurrent commands on it).
 */
final class RedisLink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

    private enum State { NEVER, UP, DOWN }

    private final RedisClient client;
    private final Duration timeout;
    private final String what;
    private final AtomicReference<StatefulRedisConnection<String, String>> current = new AtomicReference<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEVER);
    private volatile boolean closed;

    /**
     * @param timeout the command timeout of this connection (a blocking read needs its block time on top)
     * @param what    for the log: whose connection to where (never the password)
     */
    RedisLink(RedisClient client, Duration timeout, String what) {
        this.client = client;
        this.timeout = timeout;
        this.what = what;
    }

    /** The open connection, or null while there is none. */
    StatefulRedisConnection<String, String> current() {
        StatefulRedisConnection<String, String> c = current.get();
        return c != null && c.isOpen() ? c : null;
    }

    /**
     * Opens a connection unless one is open.
     *
     * @return the open connection
     * @throws RedisException when Redis cannot be reached (or this link is closed)
     */
    synchronized StatefulRedisConnection<String, String> connect() {
        StatefulRedisConnection<String, String> c = current();
        if (c != null) {
            return c;
        }
        if (closed) {
            throw new RedisException("the alert store is closed");
        }
        try {
            c = client.connect();
        } catch (RuntimeException e) {
            if (state.getAndSet(State.DOWN) == State.NEVER) {
                log.warn("{}: Redis is unreachable ({}); retrying", what, message(e));
            }
            throw e;
        }
        c.setTimeout(timeout);
        current.set(c);
        if (state.getAndSet(State.UP) == State.DOWN) {
            log.info("{}: Redis answers again", what);
        }
        return c;
    }

    /** A command on {@code c} failed for want of Redis: drop that connection (if it is still the current one). */
    void broken(StatefulRedisConnection<String, String> c, RuntimeException cause) {
        if (c != null && current.compareAndSet(c, null)) {
            c.closeAsync();
            if (!closed && state.getAndSet(State.DOWN) == State.UP) {
                log.warn("{}: Redis became unreachable ({}); retrying", what, message(cause));
            }
        }
    }

    /**
     * Whether a failure means Redis is unreachable or not ready (the event is worth keeping for later), rather than
     * a refusal that would fail again (a wrong key type, a script error: a bug, or a foreign key under our prefix).
     * LOADING (a restart replaying its AOF), BUSY, READONLY (a failover), OOM (maxmemory reached) and the cluster
     * states pass with time.
     */
    static boolean isOutage(RuntimeException e) {
        if (e instanceof RedisCommandExecutionException x) {
            String m = String.valueOf(x.getMessage());
            for (String passing : new String[] {"LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN",
                    "CLUSTERDOWN", "OOM"}) {
                if (m.startsWith(passing)) {
                    return true;
                }
            }
            return false;
        }
        return e instanceof RedisException; // refused, closed, timed out, not connected
    }

    static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = String.valueOf(e.getMessage());
        return root == e || m.contains(String.valueOf(root.getMessage())) ? m : m + ": " + root.getMessage();
    }

    @Override
    public void close() {
        closed = true;
        StatefulRedisConnection<String, String> c = current.getAndSet(null);
        if (c != null) {
            c.close();
        }
    }
}
