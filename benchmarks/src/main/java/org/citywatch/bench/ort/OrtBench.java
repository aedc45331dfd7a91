package org.citywatch.bench.ort;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.citywatch.bench.BenchMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./citywatch bench ort}: the model's bare inference throughput ({@link BareOrt}) in the configurations a
 * 2-core machine allows: one worker with one or two intra-op threads, or two workers with one each.
 */
@Command(name = "ort", mixinStandardHelpOptions = true,
        description = "Bare ONNX Runtime (no DJL, no pre/post-processing): inferences per second of the detector "
                + "model, for workers x intra-op threads in 1x1, 1x2, 2x1.")
public final class OrtBench implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(OrtBench.class);

    /** workers x intra-op threads: no more than the machine's 2 cores in total. */
    static final int[][] CONFIGURATIONS = {{1, 1}, {1, 2}, {2, 1}};

    @Option(names = "--seconds", defaultValue = "20", description = "measured seconds per configuration (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--rounds", defaultValue = "1", description = "sweeps of all configurations, interleaved; each "
            + "configuration reports its round with the least other load on the machine (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--warmup", defaultValue = "3", description = "warm-up seconds per configuration, not counted (default ${DEFAULT-VALUE})")
    int warmup;

    @Override
    public Integer call() throws Exception {
        Path model = BareOrt.model();
        BareOrt.Input input = BareOrt.dogInput();
        String before = loadAverage();
        log.info("bare ONNX Runtime {} on {}, {} cores, load average {}", OrtEnvironment.getEnvironment().getVersion(),
                model, Runtime.getRuntime().availableProcessors(), before);
        // On a shared machine another process may take a core for a while: interleaved rounds give each
        // configuration chances at a quiet window, and the other load is measured, never guessed.
        List<BareOrt.Result> results = new ArrayList<>();
        List<Double> others = new ArrayList<>();
        for (int round = 1; round <= Math.max(1, rounds); round++) {
            for (int i = 0; i < CONFIGURATIONS.length; i++) {
                int[] c = CONFIGURATIONS[i];
                OtherLoad from = OtherLoad.sample();
                BareOrt.Result r = BareOrt.run(model, input, c[0], c[1], Duration.ofSeconds(warmup),
                        Duration.ofSeconds(seconds));
                double other = from.otherCoresUntil(OtherLoad.sample());
                log.info("round {}, {}: {} inferences per second; other processes used {} cores meanwhile", round,
                        key(r), String.format(Locale.ROOT, "%.1f", r.inferencesPerSecond()),
                        String.format(Locale.ROOT, "%.2f", other));
                if (round == 1) {
                    results.add(r);
                    others.add(other);
                } else if (other < others.get(i)) { // NaN (no /proc) never replaces: the first round stays
                    results.set(i, r);
                    others.set(i, other);
                }
            }
        }
        String after = loadAverage();

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("benchmark", "ort");
        System.out.println();
        System.out.printf(Locale.ROOT, "Bare ONNX Runtime %s, %s, dog.jpg letterboxed once, %d s per configuration "
                + "after %d s warm-up, the quietest of %d rounds:%n", OrtEnvironment.getEnvironment().getVersion(),
                model.getFileName(), seconds, warmup, Math.max(1, rounds));
        System.out.println("  workers x threads   inferences/s   mean ms   p50 ms   p99 ms   inferences   other cores");
        BareOrt.Result best = results.get(0);
        for (int i = 0; i < results.size(); i++) {
            BareOrt.Result r = results.get(i);
            System.out.printf(Locale.ROOT, "  %7d x %-7d   %12.1f   %7.2f   %6.2f   %6.2f   %10d   %11.2f%n",
                    r.workers(), r.intraOpThreads(), r.inferencesPerSecond(), r.meanMs(), r.p50Ms(), r.p99Ms(),
                    r.inferences(), others.get(i));
            figures.put(key(r) + "_ips", BenchMain.round(r.inferencesPerSecond()));
            if (r.inferencesPerSecond() > best.inferencesPerSecond()) {
                best = r;
            }
        }
        for (int i = 0; i < results.size(); i++) {
            BareOrt.Result r = results.get(i);
            figures.put(key(r) + "_mean_ms", BenchMain.round(r.meanMs()));
            figures.put(key(r) + "_p50_ms", BenchMain.round(r.p50Ms()));
            figures.put(key(r) + "_p99_ms", BenchMain.round(r.p99Ms()));
            // Cores busy with other processes meanwhile: above ~0.2 the figures above are pessimistic.
            figures.put(key(r) + "_other_cores", BenchMain.round(others.get(i)));
        }
        System.out.printf(Locale.ROOT, "  best: %s; load average before %s, after %s%n", key(best), before, after);
        figures.put("best", key(best));
        figures.put("seconds", seconds);
        figures.put("warmup_seconds", warmup);
        figures.put("rounds", Math.max(1, rounds));
        figures.put("ort_version", OrtEnvironment.getEnvironment().getVersion());
        figures.put("loadavg_before", before);
        figures.put("loadavg_after", after);
        System.out.println(BenchMain.toJson(figures));
        return 0;
    }

    static String key(BareOrt.Result r) {
        return "w" + r.workers() + "_t" + r.intraOpThreads();
    }

    /** The 1, 5 and 15 minute load averages, for the record: other work on the 2 cores lowers every figure. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
