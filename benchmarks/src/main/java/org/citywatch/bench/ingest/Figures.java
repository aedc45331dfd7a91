package org.citywatch.bench.ingest;

import java.util.List;
import org.citywatch.bench.BenchMain;

/**
 * The figures of a run, from the per-second /proc readings and the timeline. The steady state is from the
 * first moment every camera streamed to the farm kill (or the end): CPU and memory averages are taken
 * over it; the memory figure reported against the goal is the peak over the whole run.
 */
record Figures(Double cpuSteady, Double cpuPeak, Double farmCpuSteady, Double rssPeakMib, Double rssSteadyMib,
               Integer threads, Double untilAll, Double untilAllAfterRestart, Double untilAllFromKill,
               Double steadySeconds, Double decodedFpsPerCamera) {

    static Figures of(List<IngestBench.Sample> samples, Timeline t, int cameras, long ingestStart, long killedAt, long readyAgainAt) {
        long all = t.allStreamingAt();
        long again = t.allStreamingAgainAt();
        List<IngestBench.Sample> steady = samples.stream()
                .filter(s -> all > 0 && s.atMillis() >= all && (killedAt == 0 || s.atMillis() <= killedAt))
                .filter(s -> s.ingest() != null)
                .toList();
        Double cpu = null;
        Double farmCpu = null;
        Double steadySeconds = null;
        Double rssSteady = null;
        Double decodedRate = null;
        if (steady.size() >= 2) {
            IngestBench.Sample a = steady.getFirst();
            IngestBench.Sample b = steady.getLast();
            cpu = BenchMain.round(b.ingest().coresSince(a.ingest()));
            if (a.farm() != null && b.farm() != null && a.farmPid() == b.farmPid()) {
                farmCpu = BenchMain.round(b.farm().coresSince(a.farm()));
            }
            steadySeconds = BenchMain.round((b.atMillis() - a.atMillis()) / 1000.0);
            decodedRate = BenchMain.round((b.decoded() - a.decoded()) / ((b.atMillis() - a.atMillis()) / 1000.0) / cameras);
            rssSteady = BenchMain.round(steady.stream().mapToDouble(s -> s.ingest().rssMib()).average().orElse(0));
        }
        double peak = 0;
        double rssPeak = 0;
        Integer threads = null;
        for (int i = 0; i < samples.size(); i++) {
            ProcSample p = samples.get(i).ingest();
            if (p == null) {
                continue;
            }
            rssPeak = Math.max(rssPeak, p.rssMib());
            threads = p.threads();
            ProcSample before = i > 0 ? samples.get(i - 1).ingest() : null;
            if (before != null) {
                peak = Math.max(peak, p.coresSince(before));
            }
        }
        return new Figures(cpu, BenchMain.round(peak), farmCpu, BenchMain.round(rssPeak), rssSteady, threads,
                all > 0 ? BenchMain.round((all - ingestStart) / 1000.0) : null,
                again > 0 && readyAgainAt > 0 ? BenchMain.round((again - readyAgainAt) / 1000.0) : null,
                again > 0 && killedAt > 0 ? BenchMain.round((again - killedAt) / 1000.0) : null,
                steadySeconds, decodedRate);
    }
}
