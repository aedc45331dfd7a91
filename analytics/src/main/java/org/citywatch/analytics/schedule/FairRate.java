package org.citywatch.analytics.schedule;

/**
 * The one rate every analysed stream gets: fair sharing of the detector's measured throughput.
 *
 * @param fps        frames per second per analysed stream
 * @param overloaded true when even {@code minFps} for every stream exceeds the measured capacity
 */
public record FairRate(double fps, boolean overloaded) {

    /**
     * @param capacityFps measured detector throughput in frames per second, or NaN while none has been reported
     *                    (then the target rate is used: the first report lowers it within seconds)
     * @param streams     number of analysed streams
     */
    static FairRate of(SchedulerSettings settings, double capacityFps, int streams) {
        if (streams == 0 || Double.isNaN(capacityFps)) {
            return new FairRate(settings.targetFps(), false);
        }
        double share = capacityFps / streams;
        if (share >= settings.targetFps()) {
            return new FairRate(settings.targetFps(), false);
        }
        if (share >= settings.minFps()) {
            return new FairRate(share, false);
        }
        // Below the floor we keep minFps rather than starve streams: frames the detector cannot take in time
        // go stale and are dropped (stillFresh), so latency stays bounded while the plan reports the overload.
        return new FairRate(settings.minFps(), true);
    }

    /** Nanoseconds between admitted frames at this rate. */
    long intervalNanos() {
        return intervalNanos(fps);
    }

    static long intervalNanos(double fps) {
        return Math.round(1e9 / fps);
    }
}
