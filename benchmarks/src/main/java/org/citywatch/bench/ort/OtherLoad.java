package org.citywatch.bench.ort;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many cores other processes kept busy while this one measured: the machine's busy CPU time ({@code /proc/stat})
 * minus this process's own, over the wall time between two samples. On the shared 2-core machine a load average
 * alone cannot tell another engineer's build from the benchmark itself; this can. NaN where {@code /proc} is missing.
 */
final class OtherLoad {

    /** Kernel clock ticks per second for {@code /proc/stat} (USER_HZ; 100 on every Linux the project runs on). */
    private static final double TICK_NANOS = 1e9 / 100;

    private final long machineTicks;
    private final long processNanos;
    private final long wallNanos;

    private OtherLoad(long machineTicks, long processNanos, long wallNanos) {
        this.machineTicks = machineTicks;
        this.processNanos = processNanos;
        this.wallNanos = wallNanos;
    }

    static OtherLoad sample() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new OtherLoad(busyTicks(), os.getProcessCpuTime(), System.nanoTime());
    }

    /** Average cores used by other processes from this sample to {@code later}. */
    double otherCoresUntil(OtherLoad later) {
        if (machineTicks < 0 || later.machineTicks < 0) {
            return Double.NaN;
        }
        double machine = (later.machineTicks - machineTicks) * TICK_NANOS;
        double own = later.processNanos - processNanos;
        return Math.max(0, (machine - own) / (later.wallNanos - wallNanos));
    }

    /** user + nice + system + irq + softirq + steal of the "cpu" line; -1 if unreadable. */
    private static long busyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
