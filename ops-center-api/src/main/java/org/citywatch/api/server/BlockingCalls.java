package org.citywatch.api.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.citywatch.api.auth.ErrorJson;

/**
 * Calls that may block (the alert store: Redis answers over the network, and waits up to its command timeout when
 * it does not), run on a few worker threads of their own, never on an event loop: the loop that serves a request
 * also carries the live push to its clients and every other request on its connections.
 *
 * <p>Bounded twice: {@code threads} at a time (a slow store cannot take the Vert.x worker pool that other blocking
 * work shares), and at most {@code maxWaiting} accepted and not done; past that a request is answered 503
 * {@code unavailable} at once rather than queued behind a store that is not answering.
 */
public final class BlockingCalls implements AutoCloseable {

    private final WorkerExecutor workers;
    private final int maxWaiting;
    private final String what;
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * @param name       the threads' name (and what a 503 says is busy)
     * @param threads    calls run at once
     * @param maxWaiting calls accepted and not done (running included)
     */
    public BlockingCalls(Vertx vertx, String name, int threads, int maxWaiting) {
        if (threads < 1 || maxWaiting < threads) {
            throw new IllegalArgumentException("need threads >= 1 and maxWaiting >= threads");
        }
        this.workers = vertx.createSharedWorkerExecutor(name, threads);
        this.maxWaiting = maxWaiting;
        this.what = name;
    }

    /**
     * Runs {@code work} on a worker; the future completes on the caller's context (the request's event loop). Fails
     * with {@link Busy} at once when {@code maxWaiting} calls are already waiting.
     */
    public <T> Future<T> call(Callable<T> work) {
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            return Future.failedFuture(new Busy(what));
        }
        return workers.executeBlocking(work, false).andThen(ar -> waiting.decrementAndGet());
    }

    /**
     * The answer to a call that failed with what its route does not handle itself: 503 {@code unavailable} when
     * busy, else the router's failure handler (500 {@code internal_error} as JSON, the stack in the log only).
     */
    public static void fail(RoutingContext ctx, Throwable e) {
        if (e instanceof Busy) {
            ErrorJson.send(ctx.response().putHeader("retry-after", "1"), 503, "unavailable", e.getMessage());
        } else {
            ctx.fail(e);
        }
    }

    /** Calls accepted and not done now. */
    int waiting() {
        return waiting.get();
    }

    @Override
    public void close() {
        workers.close();
    }

    /** Too many calls waiting. */
    static final class Busy extends RuntimeException {
        Busy(String what) {
            super(what + " is busy: too many requests wait for it; try again in a moment", null, false, false);
        }
    }
}
