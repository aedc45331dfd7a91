package org.citywatch.api.push;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live streams each signed-in user holds open. The guard checks a token once, when a stream opens, but the
 * stream lasts: so each one here ends when its token expires, and when an admin removes its user or changes their
 * role ({@link #end}); and a user holds at most {@code maxPerUser} at once, since each may hold a client queue of
 * its own (512 KiB by default).
 *
 * <p>Streams opened without a user (security off: nobody signs in) are not held here: there is no one to count them
 * against nor token to expire.
 */
public final class PushSessions {

    private static final Logger log = LoggerFactory.getLogger(PushSessions.class);

    private final int maxPerUser;
    private final Map<String, Set<PushSession>> byUser = new HashMap<>(); // guarded by this

    public PushSessions(int maxPerUser) {
        this.maxPerUser = maxPerUser;
    }

    public int maxPerUser() {
        return maxPerUser;
    }

    /**
     * On the stream's event loop, before anything is streamed: a session for the user's next stream, ending when
     * the token does; empty when the user holds {@code maxPerUser} already.
     */
    Optional<PushSession> open(String user, Optional<Instant> tokenExpires) {
        Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()) {
            throw new IllegalStateException("a push session opens on its connection's event loop");
        }
        PushSession session;
        synchronized (this) {
            Set<PushSession> held = byUser.computeIfAbsent(user, u -> new LinkedHashSet<>());
            if (held.size() >= maxPerUser) {
                log.warn("Push stream of {} refused: {} open already (push.maxStreamsPerUser)", user, held.size());
                return Optional.empty();
            }
            session = new PushSession(this, user, context);
            held.add(session);
        }
        tokenExpires.ifPresent(session::expireAt);
        return Optional.of(session);
    }

    /** Any thread: ends every open stream of the user, saying why (removed, or given another role). */
    public void end(String user, String reason) {
        List<PushSession> held;
        synchronized (this) {
            held = new ArrayList<>(byUser.getOrDefault(user, Set.of()));
        }
        if (!held.isEmpty()) {
            log.info("Ending {} push stream(s) of {}: {}", held.size(), user, reason);
        }
        held.forEach(s -> s.end(reason));
    }

    /** Streams the user holds open now. */
    public synchronized int open(String user) {
        return byUser.getOrDefault(user, Set.of()).size();
    }

    synchronized void released(PushSession session) {
        Set<PushSession> held = byUser.get(session.user);
        if (held != null && held.remove(session) && held.isEmpty()) {
            byUser.remove(session.user);
        }
    }
}
