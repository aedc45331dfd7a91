package org.citywatch.api.push;

import io.vertx.core.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * One open live stream of a signed-in user, as {@link PushSessions} holds it: ended (with a reason the client is
 * told) when the token expires or the user changes, released when the stream closes, whoever closes it. Its state is
 * touched on the stream's event loop only; {@link #end} may be called from any thread.
 */
final class PushSession {

    final String user;
    private final PushSessions sessions;
    private final Context context;
    private long expiryTimer = -1;
    private Consumer<String> ender; // null until the stream exists
    private String endedBeforeAttach;
    private boolean released;

    PushSession(PushSessions sessions, String user, Context context) {
        this.sessions = sessions;
        this.user = user;
        this.context = context;
    }

    /** On the loop: ends the stream when the token expires. */
    void expireAt(Instant expires) {
        long millis = Math.max(1, Duration.between(Instant.now(), expires).toMillis());
        expiryTimer = context.owner().setTimer(millis, id -> {
            expiryTimer = -1;
            endNow("token expired");
        });
    }

    /** On the loop, once the stream exists: how to end it (at once, if it was told to end before). */
    void attach(Consumer<String> ender) {
        this.ender = ender;
        if (endedBeforeAttach != null && !released) {
            ender.accept(endedBeforeAttach);
        }
    }

    /** Any thread: ends the stream, saying why. */
    void end(String reason) {
        context.runOnContext(v -> endNow(reason));
    }

    private void endNow(String reason) {
        if (released) {
            return;
        }
        if (ender == null) {
            endedBeforeAttach = endedBeforeAttach == null ? reason : endedBeforeAttach;
        } else {
            ender.accept(reason);
        }
    }

    /** On the loop, once the stream is closed (or was never opened): frees its place. Idempotent. */
    void release() {
        if (released) {
            return;
        }
        released = true;
        if (expiryTimer != -1) {
            context.owner().cancelTimer(expiryTimer);
            expiryTimer = -1;
        }
        sessions.released(this);
    }
}
