package org.citywatch.api.push;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last events, in the hub's order, for clients that reconnect with the id of the last event they saw: at most
 * {@code capacity} events and none older than {@code maxAge} (by when the hub took them). Not thread-safe: the hub
 * holds its lock around every call.
 *
 * <p>Where a reconnecting client starts:
 * <ul>
 *   <li>its id is held: right after it (exactly what it missed, in order);</li>
 *   <li>its id is not held and sorts before {@link #lostBefore()} (the newest id evicted, or the hub's start for a
 *       client of an earlier process): from the oldest event held, then a gap message, because what came between
 *       is gone;</li>
 *   <li>its id is not held but not older than anything lost (an id of another node, or {@code lostBefore} itself,
 *       which a gap message hands out when the ring is empty): from the first held event that sorts after it.</li>
 * </ul>
 */
final class ReplayRing {

    /** Where a client's replay starts: after {@code afterSeq}; {@code gap} when events it missed are gone. */
    record Start(long afterSeq, boolean gap) {
    }

    private final PushEvent[] slots;
    private final long maxAgeNanos;
    private final Map<String, Long> seqById;
    private long first = 1; // seq of the oldest event held
    private long next = 1;  // seq of the next event
    private String lostBefore;

    ReplayRing(int capacity, Duration maxAge, long startEpochMillis) {
        this.slots = new PushEvent[capacity];
        this.maxAgeNanos = maxAge.toNanos();
        this.seqById = HashMap.newHashMap(capacity);
        this.lostBefore = EventIds.floor(startEpochMillis);
    }

    /** Adds the event with the next sequence number, evicting the oldest past either bound; returns it sequenced. */
    PushEvent append(PushEvent event) {
        expire(event.heardNanos());
        if (next - first == slots.length) {
            evictOldest();
        }
        PushEvent e = event.withSeq(next);
        slots[slot(next)] = e;
        seqById.put(e.eventId(), next);
        next++;
        return e;
    }

    /** Evicts what is older than the age bound. */
    void expire(long nowNanos) {
        while (first < next && nowNanos - slots[slot(first)].heardNanos() > maxAgeNanos) {
            evictOldest();
        }
    }

    private void evictOldest() {
        PushEvent gone = slots[slot(first)];
        slots[slot(first)] = null;
        seqById.remove(gone.eventId());
        if (gone.eventId().compareTo(lostBefore) > 0) {
            lostBefore = gone.eventId();
        }
        first++;
    }

    private int slot(long seq) {
        return (int) (seq % slots.length);
    }

    Start start(String sinceId) {
        Long seq = seqById.get(sinceId);
        if (seq != null) {
            return new Start(seq, false);
        }
        if (sinceId.compareTo(lostBefore) < 0) {
            return new Start(first - 1, true);
        }
        for (long s = first; s < next; s++) {
            if (slots[slot(s)].eventId().compareTo(sinceId) > 0) {
                return new Start(s - 1, false);
            }
        }
        return new Start(next - 1, false);
    }

    /**
     * Up to {@code max} events after {@code seq}, oldest first; empty when there are none yet; null when events
     * right after {@code seq} were evicted (the reader fell behind the ring).
     */
    List<PushEvent> after(long seq, int max) {
        if (seq + 1 < first) {
            return null;
        }
        int n = (int) Math.min(max, next - 1 - seq);
        List<PushEvent> out = new ArrayList<>(Math.max(0, n));
        for (long s = seq + 1; s <= seq + n; s++) {
            out.add(slots[slot(s)]);
        }
        return out;
    }

    long lastSeq() {
        return next - 1;
    }

    /** The newest id that can no longer be replayed (or the floor id of the hub's start). */
    String lostBefore() {
        return lostBefore;
    }

    /** The id of the newest event held, or null. */
    String newestId() {
        return next > first ? slots[slot(next - 1)].eventId() : null;
    }

    int size() {
        return (int) (next - first);
    }
}
