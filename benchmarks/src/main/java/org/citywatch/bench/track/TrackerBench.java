package org.citywatch.bench.track;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.citywatch.bench.BenchMain;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./citywatch bench tracker}: JMH, the time of one tracker update with 10, 100 and 500 objects in view
 * ({@link TrackerUpdateBenchmark}), with the tracker's load (confirmed and live tracks) said next to each figure.
 */
@Command(name = "tracker", mixinStandardHelpOptions = true,
        description = "JMH: one ByteTracker update per frame (5 fps) with 10, 100 and 500 tracked objects.")
public final class TrackerBench implements Callable<Integer> {

    @Option(names = "--iterations", defaultValue = "5", description = "measurement iterations (default ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--seconds", defaultValue = "2", description = "seconds per iteration (default ${DEFAULT-VALUE})")
    int seconds;

    @Override
    public Integer call() throws Exception {
        OptionsBuilder options = new OptionsBuilder();
        options.include(TrackerUpdateBenchmark.class.getName())
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(seconds))
                .jvmArgsAppend(BenchMain.forkFlags());
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("benchmark", "tracker");
        System.out.println();
        System.out.println("ByteTracker.update per frame (average time, JMH, 1 fork; 5 fps, default settings):");
        for (RunResult r : results) {
            int objects = Integer.parseInt(r.getParams().getParam("tracks"));
            double score = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            String unit = r.getPrimaryResult().getScoreUnit();
            // The same warm-up replayed here (cheap, deterministic): what the measured tracker was holding.
            double[] load = TrackerUpdateBenchmark.warmUp(
                    SyntheticScene.generate(objects, TrackerUpdateBenchmark.SEED),
                    TrackerUpdateBenchmark.newTracker(objects));
            String name = "update_" + objects + "_tracks";
            System.out.printf(Locale.ROOT, "  %-22s %10.1f ± %.1f %s   (%.1f confirmed of %.1f live tracks)%n", name,
                    score, error, unit, load[0], load[1]);
            figures.put(name + "_us", BenchMain.round(score));
            figures.put(name + "_error_us", BenchMain.round(error));
            figures.put(name + "_confirmed", load[0]);
            figures.put(name + "_live", load[1]);
        }
        System.out.println(BenchMain.toJson(figures));
        return 0;
    }
}
