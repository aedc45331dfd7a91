package org.citywatch.analytics.counts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.citywatch.analytics.rules.Crossing;
import org.citywatch.analytics.rules.CrossingSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vehicle counts: every line crossing, counted per minute by camera, line, class and direction, for the last
 * {@code retention} (a ring per series: fixed memory), with running totals for Prometheus counters, which are where
 * a city keeps the long history. Bounded in series too: past {@code maxSeries} a new series is not started (its
 * crossings are counted as dropped and reported once).
 */
public final class VehicleCounts implements CrossingSink {

    private static final Logger log = LoggerFactory.getLogger(VehicleCounts.class);

    private final int minutes;
    private final int maxSeries;
    private final Map<CountKey, MinuteSeries> series = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param retention how far back per-minute counts are kept (1 minute to 7 days)
     * @param maxSeries at most this many (camera, line, class, direction) series
     */
    public VehicleCounts(Duration retention, int maxSeries) {
        long m = retention.toMinutes();
        if (m < 1 || m > 7 * 24 * 60) {
            throw new IllegalArgumentException("count retention must be 1 minute to 7 days, got " + retention);
        }
        if (maxSeries < 1) {
            throw new IllegalArgumentException("maxSeries must be positive");
        }
        this.minutes = (int) m;
        this.maxSeries = maxSeries;
    }

    /** 24 hours of minutes, 20,000 series (1,000 cameras with two lines, five classes, two directions). */
    public static VehicleCounts defaults() {
        return new VehicleCounts(Duration.ofHours(24), 20_000);
    }

    @Override
    public void crossed(String cameraId, Crossing c) {
        CountKey key = new CountKey(cameraId, c.lineId(), c.label(), c.direction());
        MinuteSeries s = series.get(key);
        if (s == null) {
            if (series.size() >= maxSeries) {
                if (dropped.getAndIncrement() == 0) {
                    log.warn("Vehicle counts: {} series kept, the most allowed; crossings of new series (first: camera "
                            + "{} line {} {} {}) are dropped and counted", maxSeries, cameraId, c.lineId(), c.label(),
                            c.direction());
                }
                return;
            }
            s = series.computeIfAbsent(key, k -> new MinuteSeries(minutes));
        }
        s.add(Math.floorDiv(c.at().getEpochSecond(), 60));
    }

    /**
     * The non-zero minutes of one camera (one of its lines, or all) in [from, to], oldest first; within a minute by
     * line, class and direction.
     */
    public List<MinuteCount> query(String cameraId, Optional<String> lineId, Instant from, Instant to) {
        long first = Math.floorDiv(from.getEpochSecond(), 60);
        long last = Math.floorDiv(to.getEpochSecond(), 60);
        List<MinuteCount> out = new ArrayList<>();
        series.forEach((key, s) -> {
            if (key.cameraId().equals(cameraId) && lineId.map(key.lineId()::equals).orElse(true)) {
                s.forEach(first, last, (minute, count) -> out.add(new MinuteCount(key,
                        Instant.ofEpochSecond(minute * 60), count)));
            }
        });
        out.sort(Comparator.comparing(MinuteCount::minute).thenComparing(m -> m.key().lineId())
                .thenComparing(m -> m.key().label()).thenComparing(m -> m.key().direction()));
        return out;
    }

    /**
     * Crossings per series in [from, to] (whole minutes, within the retention), for every camera or one; series with
     * none are left out.
     */
    public Map<CountKey, Long> sums(Optional<String> cameraId, Instant from, Instant to) {
        long first = Math.floorDiv(from.getEpochSecond(), 60);
        long last = Math.floorDiv(to.getEpochSecond(), 60);
        Map<CountKey, Long> out = new java.util.TreeMap<>(Comparator.comparing(CountKey::cameraId)
                .thenComparing(CountKey::lineId).thenComparing(CountKey::label).thenComparing(CountKey::direction));
        series.forEach((key, s) -> {
            if (cameraId.map(key.cameraId()::equals).orElse(true)) {
                long[] sum = {0};
                s.forEach(first, last, (minute, count) -> sum[0] += count);
                if (sum[0] > 0) {
                    out.put(key, sum[0]);
                }
            }
        });
        return out;
    }

    /** Calls {@code visit} with every series and its total since it began. */
    public void totals(BiConsumer<CountKey, Long> visit) {
        series.forEach((key, s) -> visit.accept(key, s.total()));
    }

    /** One series' total since it began; 0 for a series never seen. */
    public long total(CountKey key) {
        MinuteSeries s = series.get(key);
        return s == null ? 0 : s.total();
    }

    /** Crossings not counted because the series cap was reached. */
    public long dropped() {
        return dropped.get();
    }

    public Duration retention() {
        return Duration.ofMinutes(minutes);
    }
}
