package org.citywatch.bench.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the bench learns from its children's lines: the ingest node's {@code STATUS} (every 250 ms) and
 * the farm's {@code STATS} (every second), and when every camera was streaming, first and again after a
 * farm restart. Times are wall-clock milliseconds: the same clock in every process of the machine.
 */
final class Timeline {

    /** One STATUS line of the ingest node: totals over all its cameras. */
    record Status(long at, int streaming, long lost, long units, long decoded, long reconnects) {
    }

    private final int cameras;
    private Status latest;
    private long allStreamingAt;
    private long killedAt;
    private long readyAgainAt;
    private boolean droppedAfterKill;
    private long allStreamingAgainAt;
    private long packetsOfEarlierFarms;
    private long skippedOfEarlierFarms;
    private long packets;
    private long skipped;

    Timeline(int cameras) {
        this.cameras = cameras;
    }

    synchronized void onIngestLine(String line) {
        if (!line.startsWith("STATUS ")) {
            return;
        }
        Map<String, Long> v = values(line);
        Status s = new Status(v.getOrDefault("at", 0L), v.getOrDefault("streaming", 0L).intValue(),
                v.getOrDefault("lost", 0L), v.getOrDefault("units", 0L), v.getOrDefault("decoded", 0L),
                v.getOrDefault("reconnects", 0L));
        latest = s;
        if (s.streaming() == cameras) {
            if (allStreamingAt == 0) {
                allStreamingAt = s.at();
            }
            // Again only once the outage was seen, and only after the farm listens again.
            if (droppedAfterKill && readyAgainAt > 0 && allStreamingAgainAt == 0) {
                allStreamingAgainAt = s.at();
            }
        } else if (killedAt > 0 && s.at() >= killedAt) {
            droppedAfterKill = true;
        }
    }

    synchronized void onFarmStats(String line) {
        Map<String, Long> v = values(line);
        packets = v.getOrDefault("packets", packets);
        skipped = v.getOrDefault("skipped_frames", skipped);
    }

    /** A new farm process is listening: the counters of the one before it are kept. */
    synchronized void newFarm() {
        packetsOfEarlierFarms += packets;
        skippedOfEarlierFarms += skipped;
        packets = 0;
        skipped = 0;
    }

    synchronized void farmKilled(long at) {
        killedAt = at;
    }

    synchronized void farmReady(long at) {
        readyAgainAt = at;
    }

    synchronized Optional<Status> latest() {
        return Optional.ofNullable(latest);
    }

    synchronized long allStreamingAt() {
        return allStreamingAt;
    }

    synchronized long allStreamingAgainAt() {
        return allStreamingAgainAt;
    }

    synchronized long packetsSent() {
        return packetsOfEarlierFarms + packets;
    }

    synchronized long skippedFrames() {
        return skippedOfEarlierFarms + skipped;
    }

    private static Map<String, Long> values(String line) {
        Map<String, Long> v = new HashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                try {
                    v.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
                } catch (NumberFormatException ignored) {
                    // not a number: not ours
                }
            }
        }
        return v;
    }
}
