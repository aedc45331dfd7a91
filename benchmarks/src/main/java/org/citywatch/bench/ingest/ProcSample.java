package org.citywatch.bench.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One reading of a process from {@code /proc}: CPU time used so far (user + system, in clock ticks of
 * {@value #TICKS_PER_SECOND} per second, {@code getconf CLK_TCK} on Linux), resident memory and threads.
 *
 * @param atNanos  {@link System#nanoTime()} of the reading
 * @param cpuTicks utime + stime (fields 14 and 15 of {@code /proc/PID/stat})
 * @param rssKib   VmRSS of {@code /proc/PID/status}
 * @param threads  Threads of {@code /proc/PID/status}
 */
public record ProcSample(long atNanos, long cpuTicks, long rssKib, int threads) {

    static final int TICKS_PER_SECOND = 100;

    /** Null when the process is gone or /proc cannot be read. */
    public static ProcSample read(long pid) {
        try {
            long now = System.nanoTime();
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count from after it.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15
            long rss = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
                }
            }
            return new ProcSample(now, ticks, rss, threads);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Cores used on average between an earlier reading and this one. */
    public double coresSince(ProcSample earlier) {
        double seconds = (atNanos - earlier.atNanos) / 1e9;
        return seconds <= 0 ? 0 : (cpuTicks - earlier.cpuTicks) / (double) TICKS_PER_SECOND / seconds;
    }

    public double rssMib() {
        return rssKib / 1024.0;
    }

    /** The soft limit on open files of a process ("Max open files" of /proc/PID/limits), or -1. */
    static long openFilesLimit(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"))) {
                if (line.startsWith("Max open files")) {
                    return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // unknown
        }
        return -1;
    }
}
