package org.citywatch.api.push;

import java.time.Duration;

/**
 * How the live push behaves.
 *
 * @param replayEvents     events kept for clients that reconnect with the id of the last one they saw
 * @param replayAge        and no older than this (whichever bound is reached first)
 * @param clientQueueBytes bytes queued for one client; when they are reached the client falls behind, and reads
 *                         from the replay ring at its own pace until it has caught up
 * @param heartbeat        how often an idle stream gets a keep-alive (SSE comment, WebSocket ping), so that
 *                         proxies do not close it
 * @param cameraPoll       how often camera statuses are compared with the last ones seen
 * @param closeGrace       how long a too-slow client gets to take its close frame before its connection is cut
 * @param coalesce         at most one fan-out per event loop this often: events arriving closer together go out
 *                         together, one socket write per client for all of them instead of one per event (an
 *                         isolated event goes out at once); zero: every event at once
 * @param maxBehind        a client that fell behind and has not caught up within this is disconnected as too slow
 *                         (so is one the ring has moved past)
 * @param maxStreamsPerUser live streams (WebSocket and SSE together) one signed-in user may hold open at once: each
 *                         may hold {@code clientQueueBytes}, so one user (or one leaked token) cannot pin down the
 *                         server's memory; the next one is refused
 */
public record PushSettings(int replayEvents, Duration replayAge, int clientQueueBytes, Duration heartbeat,
                           Duration cameraPoll, Duration closeGrace, Duration coalesce, Duration maxBehind,
                           int maxStreamsPerUser) {

    public PushSettings {
        if (replayEvents < 1) {
            throw new IllegalArgumentException("push.replayEvents must be positive, got " + replayEvents);
        }
        if (replayAge.isNegative() || replayAge.isZero()) {
            throw new IllegalArgumentException("push.replayMinutes must be positive");
        }
        if (clientQueueBytes < 16 * 1024) {
            throw new IllegalArgumentException("push.clientQueueKiB must be at least 16");
        }
        if (maxStreamsPerUser < 1) {
            throw new IllegalArgumentException("push.maxStreamsPerUser must be positive, got " + maxStreamsPerUser);
        }
        if (heartbeat.toMillis() < 1 || cameraPoll.toMillis() < 1 || closeGrace.isNegative() || coalesce.isNegative()
                || coalesce.toMillis() > 1000 || maxBehind.toMillis() < 1) {
            throw new IllegalArgumentException("push intervals must be positive");
        }
    }

    /**
     * 10,000 events or 15 minutes; 512 KiB per client; heartbeat every 15 s; cameras polled every second; fan-outs
     * coalesced over 5 ms (invisible to an operator, and it bounds the socket writes per client to 200 a second); a
     * client that falls behind has 10 s to catch up; 8 streams per user (a wall screen and a few tabs).
     */
    public static PushSettings defaults() {
        return new PushSettings(10_000, Duration.ofMinutes(15), 512 * 1024, Duration.ofSeconds(15),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(5), Duration.ofSeconds(10), 8);
    }

    public PushSettings withMaxStreamsPerUser(int n) {
        return new PushSettings(replayEvents, replayAge, clientQueueBytes, heartbeat, cameraPoll, closeGrace, coalesce,
                maxBehind, n);
    }

    public PushSettings withMaxBehind(Duration d) {
        return new PushSettings(replayEvents, replayAge, clientQueueBytes, heartbeat, cameraPoll, closeGrace, coalesce,
                d, maxStreamsPerUser);
    }

    public PushSettings withCoalesce(Duration every) {
        return new PushSettings(replayEvents, replayAge, clientQueueBytes, heartbeat, cameraPoll, closeGrace, every,
                maxBehind, maxStreamsPerUser);
    }

    public PushSettings withReplay(int events, Duration age) {
        return new PushSettings(events, age, clientQueueBytes, heartbeat, cameraPoll, closeGrace, coalesce,
                maxBehind, maxStreamsPerUser);
    }

    public PushSettings withClientQueueBytes(int bytes) {
        return new PushSettings(replayEvents, replayAge, bytes, heartbeat, cameraPoll, closeGrace, coalesce,
                maxBehind, maxStreamsPerUser);
    }

    public PushSettings withCameraPoll(Duration every) {
        return new PushSettings(replayEvents, replayAge, clientQueueBytes, heartbeat, every, closeGrace, coalesce,
                maxBehind, maxStreamsPerUser);
    }

    public PushSettings withHeartbeat(Duration every) {
        return new PushSettings(replayEvents, replayAge, clientQueueBytes, every, cameraPoll, closeGrace, coalesce,
                maxBehind, maxStreamsPerUser);
    }
}
