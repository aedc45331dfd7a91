package org.citywatch.analytics.schedule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The patrol's round-robin: a queue of cameras waiting for a turn and the cameras holding a patrol slot.
 *
 * <p>Every known camera is in exactly one of the two. A camera whose dwell ends goes to the back of the queue and
 * the front of the queue takes the slot, so with N patrol cameras and k slots nobody waits more than
 * ceil(N / k) - 1 dwells between two turns (each slot serves the queue once per dwell). Priority cameras stay in
 * the queue but are skipped, so when their reason ends they compete at their place without a special case.
 * Slots are timed one by one (not in lock-step windows): a slot freed mid-dwell (camera removed, unpinned
 * neighbour) is refilled at once and its new holder still gets a full dwell.
 */
final class PatrolRotation {

    private final ArrayDeque<String> queue = new ArrayDeque<>();
    /** Camera id to the nanos its turn started, in start order (so the newest turn is last). */
    private final LinkedHashMap<String, Long> patrolling = new LinkedHashMap<>();

    /** A new camera joins the end of the rotation. */
    void add(String id) {
        if (!patrolling.containsKey(id) && !queue.contains(id)) {
            queue.addLast(id);
        }
    }

    void remove(String id) {
        patrolling.remove(id);
        queue.remove(id);
    }

    /**
     * A camera that was just analysed for another reason (it leaves pinned/alert/continuous) goes to the back:
     * its analysis is fresh, so the cameras in front of it should not wait for it.
     */
    void sendToBack(String id) {
        if (patrolling.remove(id) != null || queue.remove(id)) {
            queue.addLast(id);
        }
    }

    /**
     * Advances the rotation to {@code nowNanos} with {@code slots} patrol slots.
     *
     * @param isPriority cameras that currently hold (or wait for) a live slot; they never take a patrol slot
     */
    void step(long nowNanos, int slots, long dwellNanos, Predicate<String> isPriority) {
        // 1. End turns: cameras that became priority (their live slot replaces this one) and dwells that are over.
        for (Iterator<Map.Entry<String, Long>> it = patrolling.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> turn = it.next();
            if (isPriority.test(turn.getKey()) || nowNanos - turn.getValue() >= dwellNanos) {
                it.remove();
                queue.addLast(turn.getKey());
            }
        }
        // 2. Fewer slots (a pin or an alert took one): the newest turns give way and go back to the front, so
        //    the preempted cameras are next when a slot frees (they lose the rest of their dwell, not their place).
        while (patrolling.size() > slots) {
            queue.addFirst(patrolling.pollLastEntry().getKey());
        }
        // 3. Free slots: the front of the queue, skipping priority cameras, each for a full dwell from now.
        for (Iterator<String> it = queue.iterator(); it.hasNext() && patrolling.size() < slots; ) {
            String id = it.next();
            if (!isPriority.test(id)) {
                it.remove();
                patrolling.put(id, nowNanos);
            }
        }
    }

    /** Cameras in a patrol slot to the nanos their turn started, in start order. */
    Map<String, Long> patrolling() {
        return Collections.unmodifiableMap(patrolling);
    }

    /** The waiting cameras in the order they will get a turn (priority cameras included; the caller skips). */
    List<String> queue() {
        return new ArrayList<>(queue);
    }
}
