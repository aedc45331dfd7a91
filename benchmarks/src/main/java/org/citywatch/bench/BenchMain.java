package org.citywatch.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./citywatch bench …}: each benchmark prints a readable summary and, as its very last line, one
 * JSON object with its figures, so that scripts can read it.
 */
@Command(name = "citywatch bench", mixinStandardHelpOptions = true,
        description = "Benchmarks. Each prints a summary and, last, one JSON line.",
        subcommands = {BenchMain.Detector.class, org.citywatch.bench.track.TrackerBench.class,
                org.citywatch.bench.ort.OrtBench.class, org.citywatch.bench.ingest.IngestBench.class,
                org.citywatch.bench.analytics.AnalyticsBench.class, org.citywatch.bench.rules.RulesBench.class,
                org.citywatch.bench.redis.RedisBench.class, org.citywatch.bench.fanout.FanoutBench.class})
public final class BenchMain implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "detector", mixinStandardHelpOptions = true,
            description = "JMH: the detector's pre-processing (letterbox into the model's input) and "
                    + "post-processing (YOLOX decoding and NMS), per frame; and NMS alone on 100 and 1000 "
                    + "candidates.")
    static final class Detector implements Callable<Integer> {
        @Option(names = "--iterations", defaultValue = "5", description = "measurement iterations (default ${DEFAULT-VALUE})")
        int iterations;

        @Option(names = "--seconds", defaultValue = "2", description = "seconds per iteration (default ${DEFAULT-VALUE})")
        int seconds;

        @Override
        public Integer call() throws Exception {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include(org.citywatch.bench.detect.DetectorProcessingBenchmark.class.getName())
                    .include(org.citywatch.bench.detect.NmsBenchmark.class.getName())
                    .forks(1)
                    .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(iterations).measurementTime(TimeValue.seconds(seconds))
                    .jvmArgsAppend(forkFlags());
            Collection<RunResult> results = new Runner(options.build()).run();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("benchmark", "detector");
            System.out.println();
            System.out.println("Detector processing per frame (average time, JMH, 1 fork):");
            for (RunResult r : results) {
                String name = r.getParams().getBenchmark();
                String method = name.substring(name.lastIndexOf('.') + 1);
                // preprocess runs with and without the antialiasing filter: name the variant.
                String antialias = r.getParams().getParam("antialias");
                if (antialias != null) {
                    method += Boolean.parseBoolean(antialias) ? "_antialiased" : "_plain";
                }
                // nms runs on 100 and 1000 candidate boxes: nms_100, nms_1000.
                String candidates = r.getParams().getParam("candidates");
                if (candidates != null) {
                    method += "_" + candidates;
                }
                double score = r.getPrimaryResult().getScore();
                double error = r.getPrimaryResult().getScoreError();
                String unit = r.getPrimaryResult().getScoreUnit();
                System.out.printf(Locale.ROOT, "  %-24s %10.1f ± %.1f %s%n", method, score, error, unit);
                figures.put(method + "_us", round(score));
                figures.put(method + "_error_us", round(error));
            }
            System.out.println(toJson(figures));
            return 0;
        }
    }

    /** The forked benchmark JVM gets the same native-access and offline flags as the launcher. */
    public static String[] forkFlags() {
        List<String> flags = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED",
                "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true"));
        String home = System.getProperty("citywatch.home");
        if (home != null) {
            flags.add("-Dcitywatch.home=" + home);
        }
        return flags.toArray(String[]::new);
    }

    public static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** Four decimals: for ratios such as packet loss. */
    public static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    /** Numbers as they are, null as null, anything else as a string. */
    public static String toJson(Map<String, Object> figures) {
        StringBuilder sb = new StringBuilder("{");
        figures.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(k).append("\":");
            sb.append(v == null || v instanceof Number ? String.valueOf(v) : "\"" + v + "\"");
        });
        return sb.append('}').toString();
    }
}
