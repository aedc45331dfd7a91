package org.citywatch.api.push;

import io.vertx.core.Handler;

/**
 * One connected client, as the fan-out sees it. Everything here is touched only on the event loop of the client's
 * connection (its {@link LoopFanout}), so nothing is locked.
 *
 * <p>A client is first <em>catching up</em> (replaying from the ring, paced by its write queue) and then
 * <em>live</em> (handed each new event by the fan-out). A live client whose queue is full when an event is due falls
 * behind: it catches up from the ring again, and is disconnected if it has not within {@code maxBehind}.
 * {@code lastSeq} is the last event it was considered for, whether or not its filter took it: the fan-out never
 * sends an event twice or out of order.
 */
abstract sealed class PushClient permits WsPushClient, SsePushClient {

    final PushFilter filter;
    final Transport transport;
    final String remote;
    long lastSeq;
    boolean live;
    /** When a live client's queue was found full ({@link System#nanoTime()}); 0 while it keeps up. */
    long behindSince;
    boolean gapPending;
    boolean closed;
    /** Its user's session (null: nobody signed in), released once it has left the fan-out. */
    PushSession session;

    PushClient(PushFilter filter, Transport transport, String remote) {
        this.filter = filter;
        this.transport = transport;
        this.remote = remote;
    }

    /** True when its send queue is full: it is not reading as fast as events come. */
    abstract boolean full();

    /** Queues the event for the client; it goes out at the next {@link #flush()}. */
    abstract void write(PushEvent e);

    /** Sends what {@link #write} queued, in one socket write where the transport allows. */
    abstract void flush();

    /** Sends the gap message now. */
    abstract void writeGap(PushMessages.Frames gap);

    abstract void heartbeat();

    /** Called once when its queue has room again (null: no longer). */
    abstract void onDrain(Handler<Void> handler);

    /** Called once when the connection ends, whoever ends it. */
    abstract void onClose(Handler<Void> handler);

    /** Disconnects it (too slow, or the server stops), saying why where the transport can. */
    abstract void disconnect(short code, String reason);

    /**
     * Ends its stream for a reason of its own (its token expired, its user changed), saying why where the transport
     * can. Unlike {@link #disconnect}, a client that reads takes everything sent before.
     */
    void end(short code, String reason) {
        disconnect(code, reason);
    }

    /** Once it has left the fan-out (or never joined it): frees its user's place. */
    void released() {
        if (session != null) {
            session.release();
        }
    }

    @Override
    public String toString() {
        return transport.tag + " client " + remote;
    }
}
