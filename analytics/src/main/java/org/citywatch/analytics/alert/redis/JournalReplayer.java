package org.citywatch.analytics.alert.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's background thread: while the publishing connection is down it reconnects (with backoff), and while the
 * journal holds events it replays them, in order, through the same publish script. An event Redis already holds
 * (STALE: its publish timed out after Redis had applied it, or the process stopped mid-replay) is skipped, so each
 * event reaches the stream exactly once. It also forces the journal to disk once a second while it is written.
 */
final class JournalReplayer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JournalReplayer.class);
    private static final long IDLE_WAKE_MILLIS = 1000;

    private final RedisLink link;
    private final AlertJournal journal;
    private final PublishScript script;
    private final Backoff backoff;
    private final Thread thread;
    private final Semaphore wakeups = new Semaphore(0);
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong replayedStale = new AtomicLong();
    private volatile boolean closed;
    private boolean refusalLogged;

    JournalReplayer(RedisLink link, AlertJournal journal, PublishScript script, Duration maxBackoff, String name) {
        this.link = link;
        this.journal = journal;
        this.script = script;
        this.backoff = new Backoff(Duration.ofMillis(50), maxBackoff);
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Something changed (an event was journalled, the connection broke): look now rather than at the next tick. */
    void wake() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    private void run() {
        while (!closed) {
            StatefulRedisConnection<String, String> c = null;
            long waitMillis = IDLE_WAKE_MILLIS;
            boolean backingOff = false;
            try {
                c = link.connect();
                if (!journal.isEmpty()) {
                    replay(c);
                }
                backoff.reset();
                refusalLogged = false;
            } catch (RuntimeException e) {
                if (closed) {
                    break;
                }
                if (!RedisLink.isOutage(e)) {
                    // Redis answers but refuses an event: keep it and the ones after it (their order matters), say
                    // so loudly, and try again later; someone has to look (a foreign key of the wrong type?).
                    if (!refusalLogged) {
                        refusalLogged = true;
                        log.error("Alert journal replay: Redis refused an event ({}); the journal is kept and retried",
                                RedisLink.message(e));
                    }
                } else {
                    link.broken(c, e);
                }
                waitMillis = backoff.nextDelayMillis();
                backingOff = true;
            }
            journal.forceIfDirty();
            try {
                // During a backoff only close() cuts the wait short: each journalled event wakes this thread, and
                // a burst of them must not turn into a tight reconnection loop.
                pause(waitMillis, !backingOff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    private void pause(long millis, boolean wakeable) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (wakeups.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                wakeups.drainPermits();
                if (wakeable) {
                    return;
                }
            }
        }
    }

    private void replay(StatefulRedisConnection<String, String> c) {
        long pending = journal.pendingBytes();
        AlertJournal.Replayed r = journal.replay((event, json) -> {
            boolean appended = script.run(c.sync(), event, json) != null;
            (appended ? replayed : replayedStale).incrementAndGet();
            return appended;
        });
        log.info("Alert journal replayed into Redis ({} bytes waiting at the start): {} events appended, {} already "
                + "there{}", pending,
                r.appended(), r.alreadyThere(), r.malformed() == 0 ? "" : ", " + r.malformed() + " malformed skipped");
    }

    /** Events replayed and appended to the stream. */
    long replayed() {
        return replayed.get();
    }

    /** Events replayed that Redis already held (or held a newer version of): not appended again. */
    long replayedStale() {
        return replayedStale.get();
    }

    @Override
    public void close() {
        closed = true;
        wake();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
