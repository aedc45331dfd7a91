package org.citywatch.bench.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.SampleMedia;
import org.citywatch.bench.BenchMain;
import org.citywatch.bench.farm.ClipEncoder;
import org.citywatch.bench.farm.FarmProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./citywatch bench ingest}: starts the camera farm and an ingest node, each a JVM of its own, and
 * measures the ingest process alone (CPU from /proc/PID/stat, resident memory from /proc/PID/status) in
 * the steady state, the time until every camera streams, packet loss, and, when asked, the time until
 * every camera streams again after the farm is killed (SIGKILL) and restarted on the same port.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Camera farm on loopback + one ingest node: CPU, memory, time to stream, loss, recovery.")
public final class IngestBench implements Callable<Integer> {

    @Option(names = "--cameras", defaultValue = "20", description = "simulated cameras (default ${DEFAULT-VALUE})")
    int cameras;

    @Option(names = "--seconds", defaultValue = "60", description = "run time from the ingest start (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--decode", defaultValue = "keyframes", description = "keyframes (thumbnail default) or all")
    String decode;

    @Option(names = "--restart-farm-at", description = "kill the farm (SIGKILL) at this second, start it again after --farm-down-seconds")
    Integer restartAt;

    @Option(names = "--farm-down-seconds", defaultValue = "2", description = "how long the farm stays dead (default ${DEFAULT-VALUE})")
    int farmDownSeconds;

    @Option(names = "--clip", defaultValue = "vtest_first20s_h264.mp4", description = "sample clip (default ${DEFAULT-VALUE})")
    String clipName;

    /**
     * A heap cap, as a deployment sets one: the ingest node's live heap at 1,000 cameras is about 70 MB, and
     * without a cap G1 grows the heap to about 1 GB on a 24 GiB machine (its default maximum is a quarter
     * of RAM) only because it may.
     */
    @Option(names = "--ingest-jvm-options", defaultValue = "-Xmx512m",
            description = "JVM options of the ingest node, space-separated (default ${DEFAULT-VALUE}; \"\" for the JVM's defaults)")
    String ingestJvmOptions;

    private static final String CLIP_FILE = "clip-640x360-10fps-300k.mp4";

    private final List<ChildJvm> children = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (!decode.equals("keyframes") && !decode.equals("all")) {
            throw new IllegalArgumentException("--decode is keyframes or all");
        }
        Path work = Files.createTempDirectory("citywatch-bench-ingest-");
        Thread cleanup = new Thread(() -> children.forEach(ChildJvm::destroyNow));
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            return run(work);
        } finally {
            for (ChildJvm c : children) {
                c.stop();
            }
            Runtime.getRuntime().removeShutdownHook(cleanup);
            Files.deleteIfExists(work.resolve(CLIP_FILE)); // the logs stay, for a look after the run
        }
    }

    private Integer run(Path work) throws Exception {
        Path source = AssetResolver.fromEnvironment().resolve(SampleMedia.get(clipName));
        ClipEncoder.Result clip = ClipEncoder.encode(source, work.resolve(CLIP_FILE));
        int port = FarmProcess.freePort();
        Timeline timeline = new Timeline(cameras);
        System.out.printf(Locale.ROOT, "Ingest at scale: %d cameras, %d s, decode %s%s; farm on 127.0.0.1:%d%n",
                cameras, seconds, decode, restartAt == null ? "" : ", farm killed at " + restartAt + " s", port);
        System.out.println("  clip: " + clip.description());
        System.out.println("  logs of the farm and the ingest node: " + work);
        System.out.println("  ingest node JVM options: " + (ingestJvmOptions.isBlank() ? "(JVM defaults)" : ingestJvmOptions.trim()));

        List<String> farmArgs = List.of("--cameras", "" + cameras, "--port", "" + port, "--clip", clip.file().toString());
        ChildJvm farm = startFarm(farmArgs, work, timeline);
        List<String> opts = ingestJvmOptions.isBlank() ? List.of() : List.of(ingestJvmOptions.trim().split("\\s+"));
        long ingestStart = System.currentTimeMillis();
        ChildJvm ingest = ChildJvm.start("ingest", opts, IngestNodeMain.class,
                List.of("--cameras", "" + cameras, "--port", "" + port, "--decode", decode),
                work.resolve("ingest.log"), timeline::onIngestLine);
        children.add(ingest);
        System.out.printf(Locale.ROOT, "  ingest node pid %d (max open files %d), farm pid %d (max open files %d)%n",
                ingest.pid(), ProcSample.openFilesLimit(ingest.pid()), farm.pid(), ProcSample.openFilesLimit(farm.pid()));

        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        boolean killed = false;
        long killedAtMillis = 0;
        long readyAgainAtMillis = 0;
        long reconnectsBeforeKill = 0;
        for (int second = 1; second <= seconds; second++) {
            long due = start + second * 1_000_000_000L;
            TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
            long decodedSoFar = timeline.latest().map(Timeline.Status::decoded).orElse(0L);
            samples.add(new Sample(second, System.currentTimeMillis(), ProcSample.read(ingest.pid()), farm.pid(),
                    ProcSample.read(farm.pid()), decodedSoFar));
            if (!ingest.isAlive()) {
                System.out.println("  the ingest node died; see " + work.resolve("ingest.log"));
                break;
            }
            if (restartAt != null && !killed && second >= restartAt) {
                reconnectsBeforeKill = timeline.latest().map(Timeline.Status::reconnects).orElse(0L);
                farm.kill();
                killedAtMillis = System.currentTimeMillis();
                timeline.farmKilled(killedAtMillis);
                killed = true;
                System.out.printf(Locale.ROOT, "  t=%4d s  farm killed (SIGKILL)%n", second);
            }
            if (killed && readyAgainAtMillis == 0 && System.currentTimeMillis() - killedAtMillis >= farmDownSeconds * 1000L) {
                farm = startFarm(farmArgs, work, timeline);
                readyAgainAtMillis = System.currentTimeMillis();
                timeline.farmReady(readyAgainAtMillis);
                System.out.printf(Locale.ROOT, "  t=%4d s  farm listening again (pid %d)%n", second, farm.pid());
            }
            if (second % 10 == 0) {
                progress(second, samples, timeline);
            }
        }
        Timeline.Status last = timeline.latest().orElse(null);
        ingest.stop();
        farm.stop();
        Figures f = Figures.of(samples, timeline, cameras, ingestStart, killedAtMillis, readyAgainAtMillis);
        return report(clip, last, reconnectsBeforeKill, f, timeline);
    }

    private ChildJvm startFarm(List<String> args, Path work, Timeline timeline) throws Exception {
        ChildJvm farm = FarmProcess.start(args, work.resolve("farm.log"), line -> {
            if (line.startsWith("STATS ")) {
                timeline.onFarmStats(line);
            }
        });
        children.add(farm);
        timeline.newFarm();
        return farm;
    }

    private void progress(int second, List<Sample> samples, Timeline timeline) {
        Sample now = samples.getLast();
        Sample before = samples.size() > 10 ? samples.get(samples.size() - 11) : samples.getFirst();
        double cores = now.ingest() != null && before.ingest() != null ? now.ingest().coresSince(before.ingest()) : 0;
        Timeline.Status s = timeline.latest().orElse(new Timeline.Status(0, 0, 0, 0, 0, 0));
        System.out.printf(Locale.ROOT, "  t=%4d s  streaming %d/%d  ingest %.2f cores %.0f MiB  lost %d  reconnects %d  decoded %d%n",
                second, s.streaming(), cameras, cores, now.ingest() == null ? 0 : now.ingest().rssMib(), s.lost(),
                s.reconnects(), s.decoded());
    }

    private int report(ClipEncoder.Result clip, Timeline.Status last, long reconnectsBeforeKill, Figures f, Timeline t) {
        long sent = t.packetsSent();
        long lost = last == null ? 0 : last.lost();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("benchmark", "ingest");
        j.put("cameras", cameras);
        j.put("streaming", last == null ? 0 : last.streaming());
        j.put("ingest_cpu_cores", f.cpuSteady());
        j.put("resident_mib", f.rssPeakMib());
        j.put("seconds_until_all_streaming", f.untilAll());
        j.put("packet_loss", sent == 0 ? null : BenchMain.round4((double) lost / sent));
        j.put("seconds_until_all_streaming_after_restart", f.untilAllAfterRestart());
        j.put("decode", decode);
        j.put("seconds", seconds);
        j.put("steady_seconds", f.steadySeconds());
        j.put("ingest_cpu_cores_peak_1s", f.cpuPeak());
        j.put("resident_mib_steady_avg", f.rssSteadyMib());
        j.put("packets_lost", lost);
        j.put("packets_sent", sent);
        j.put("farm_skipped_frames", t.skippedFrames());
        j.put("units_received", last == null ? 0 : last.units());
        j.put("frames_decoded", last == null ? 0 : last.decoded());
        j.put("decoded_fps_per_camera", f.decodedFpsPerCamera());
        j.put("reconnects", last == null ? 0 : last.reconnects());
        j.put("reconnects_after_restart", restartAt == null || last == null ? null : last.reconnects() - reconnectsBeforeKill);
        j.put("seconds_from_farm_kill_until_all_streaming", f.untilAllFromKill());
        j.put("ingest_threads", f.threads());
        j.put("farm_cpu_cores", f.farmCpuSteady());
        j.put("ingest_jvm_options", ingestJvmOptions.trim());
        j.put("clip", clip.description().startsWith("the sample") ? "original" : "640x360_10fps_300k_gop10");

        System.out.println();
        System.out.printf(Locale.ROOT, "Ingest of %d farm cameras, decode %s, %d s (steady state: %s s after all streaming):%n",
                cameras, decode, seconds, f.steadySeconds());
        System.out.printf(Locale.ROOT, "  streaming at the end        %s of %d%n", j.get("streaming"), cameras);
        System.out.printf(Locale.ROOT, "  ingest CPU (steady, avg)    %s cores   (peak 1 s: %s)   farm: %s cores%n",
                f.cpuSteady(), f.cpuPeak(), f.farmCpuSteady());
        System.out.printf(Locale.ROOT, "  ingest resident memory      %s MiB peak   (steady avg %s MiB), %s threads%n",
                f.rssPeakMib(), f.rssSteadyMib(), f.threads());
        System.out.printf(Locale.ROOT, "  until all streaming         %s s after the ingest process started%n", f.untilAll());
        System.out.printf(Locale.ROOT, "  packet loss                 %d of %d sent (%s); farm skipped %d pictures (receiver behind)%n",
                lost, sent, j.get("packet_loss"), t.skippedFrames());
        System.out.printf(Locale.ROOT, "  pictures received / decoded %s / %s (steady: %s decoded per camera per second)%n",
                j.get("units_received"), j.get("frames_decoded"), f.decodedFpsPerCamera());
        if (restartAt != null) {
            System.out.printf(Locale.ROOT, "  farm restart: all streaming again %s s after it listened again (%s s after the kill), "
                    + "%s reconnects%n", f.untilAllAfterRestart(), f.untilAllFromKill(), j.get("reconnects_after_restart"));
        }
        System.out.println(BenchMain.toJson(j));
        return 0;
    }

    /** One second of the run: the ingest process and the farm process (whose pid changes at a restart). */
    record Sample(int second, long atMillis, ProcSample ingest, long farmPid, ProcSample farm, long decoded) {
    }
}
