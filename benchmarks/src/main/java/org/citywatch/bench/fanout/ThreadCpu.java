package org.citywatch.bench.fanout;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of a process and of each of its threads, from {@code /proc/PID/stat} and {@code /proc/PID/task/TID/stat}
 * (user + system, clock ticks of 1/100 s). Threads are named by their {@code comm} (the first 15 characters of the
 * Java thread name; the JVM's own threads: GC, compiler, VM).
 */
record ThreadCpu(long atNanos, long processTicks, Map<Integer, Named> threads) {

    record Named(String name, long ticks) {
    }

    /** Cores a thread (or group of threads) used between two readings. */
    record Use(String name, double cores) {
    }

    static ThreadCpu read(long pid) {
        long now = System.nanoTime();
        Map<Integer, Named> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    threads.put(Integer.parseInt(t.getFileName().toString()),
                            new Named(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ticks(stat)));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between the listing and the read
                }
            }
            return new ThreadCpu(now, ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))), threads);
        } catch (IOException e) {
            return new ThreadCpu(now, 0, Map.of());
        }
    }

    private static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    double coresSince(ThreadCpu earlier) {
        return (processTicks - earlier.processTicks) / 100.0 / seconds(earlier);
    }

    private double seconds(ThreadCpu earlier) {
        return Math.max(1e-9, (atNanos - earlier.atNanos) / 1e9);
    }

    /** The {@code n} busiest threads since {@code earlier}, each by itself. */
    List<Use> busiestThreads(ThreadCpu earlier, int n) {
        List<Use> out = new ArrayList<>();
        threads.forEach((tid, t) -> {
            Named before = earlier.threads.get(tid);
            long d = t.ticks() - (before == null ? 0 : before.ticks());
            out.add(new Use(t.name() + " #" + tid, d / 100.0 / seconds(earlier)));
        });
        out.sort(Comparator.comparingDouble(Use::cores).reversed());
        return out.subList(0, Math.min(n, out.size()));
    }

    /** Cores used since {@code earlier} by threads grouped by name without trailing digits (GC Thread#0..N …). */
    List<Use> byGroup(ThreadCpu earlier) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        threads.forEach((tid, t) -> {
            Named before = earlier.threads.get(tid);
            long d = t.ticks() - (before == null ? 0 : before.ticks());
            ticks.merge(t.name().replaceAll("[#\\-]?[0-9]+$", ""), d, Long::sum);
        });
        List<Use> out = new ArrayList<>();
        ticks.forEach((name, d) -> out.add(new Use(name, d / 100.0 / seconds(earlier))));
        out.sort(Comparator.comparingDouble(Use::cores).reversed());
        return out;
    }

    /** Busy and total ticks of the whole machine ({@code /proc/stat}, first line). */
    static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** The 1-minute load average. */
    static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
