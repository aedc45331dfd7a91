package org.citywatch.bench.rules;

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
 * {@code ./citywatch bench rules}: JMH, the rule engine's cost per analysed frame with 50 cameras and 100 tracks
 * each ({@link RuleEngineBenchmark}), and the tracker's cost per frame measured in the same run for scale.
 */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "JMH: the rule engine's cost per analysed frame, 50 cameras x 100 tracks, every track rule.")
public final class RulesBench implements Callable<Integer> {

    @Option(names = "--iterations", defaultValue = "5", description = "measurement iterations (default ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--seconds", defaultValue = "2", description = "seconds per iteration (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--tracks", defaultValue = "100", description = "objects in each camera's view (default ${DEFAULT-VALUE})")
    int tracks;

    @Override
    public Integer call() throws Exception {
        OptionsBuilder options = new OptionsBuilder();
        options.include(RuleEngineBenchmark.class.getName())
                .param("tracks", String.valueOf(tracks))
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(seconds))
                .jvmArgsAppend(BenchMain.forkFlags())
                .jvmArgsAppend("-Dcitywatch.incidentLogLevel=WARN");
        Collection<RunResult> results = new Runner(options.build()).run();
        double both = Double.NaN;
        double bothError = Double.NaN;
        double track = Double.NaN;
        double trackError = Double.NaN;
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            if (name.endsWith(".rules")) {
                both = r.getPrimaryResult().getScore();
                bothError = r.getPrimaryResult().getScoreError();
            } else if (name.endsWith(".trackOnly")) {
                track = r.getPrimaryResult().getScore();
                trackError = r.getPrimaryResult().getScoreError();
            }
        }
        double rules = both;
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("benchmark", "rules");
        figures.put("cameras", RuleEngineBenchmark.CAMERAS);
        figures.put("tracks_per_camera", tracks);
        figures.put("rules_per_frame_us", BenchMain.round(rules));
        figures.put("rules_per_frame_error_us", BenchMain.round(bothError));
        figures.put("tracker_per_frame_us", BenchMain.round(track));
        figures.put("tracker_per_frame_error_us", BenchMain.round(trackError));
        // 50 cameras at 5 fps: 250 frames a second for the node.
        figures.put("rules_cores_at_50x5fps", BenchMain.round(rules * 250 / 1e6));
        System.out.println();
        System.out.printf(Locale.ROOT, "Per analysed frame, %d cameras x %d objects, every track rule (JMH, 1 fork):%n",
                RuleEngineBenchmark.CAMERAS, tracks);
        System.out.printf(Locale.ROOT, "  rules + incidents + counts   %8.1f ± %.1f us = %.3f cores for 50 streams at 5 fps%n",
                rules, bothError, rules * 250 / 1e6);
        System.out.printf(Locale.ROOT, "  tracker, for scale           %8.1f ± %.1f us%n", track, trackError);
        System.out.println(BenchMain.toJson(figures));
        return 0;
    }
}
