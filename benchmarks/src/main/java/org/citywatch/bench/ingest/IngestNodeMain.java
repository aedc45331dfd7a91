package org.citywatch.bench.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;
import org.citywatch.assets.AssetResolver;
import org.citywatch.bench.farm.FarmMain;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraKind;
import org.citywatch.ingest.decode.DecodePolicy;
import org.citywatch.ingest.source.CameraFleet;
import org.citywatch.ingest.source.CameraHealth;
import org.citywatch.ingest.source.CameraSources;
import org.citywatch.ingest.source.CameraStatus;
import org.citywatch.ingest.source.SupervisedCameraSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An ingest node and nothing else: N RTSP cameras of the farm through {@link CameraSources} and
 * {@link CameraFleet}, decoded as {@code --decode} says, frames only counted (no analytics, no detector).
 * Prints a {@code STATUS} line every 250 ms, from the fleet's health, for the bench to read. Exits when
 * its standard input closes.
 */
@Command(name = "ingest-node", mixinStandardHelpOptions = true, description = "Ingests N farm cameras; prints STATUS lines.")
public final class IngestNodeMain implements Callable<Integer> {

    @Option(names = "--cameras", required = true)
    int cameras;

    @Option(names = "--port", required = true)
    int port;

    @Option(names = "--decode", defaultValue = "keyframes", description = "keyframes (thumbnail default) or all")
    String decode;

    public static void main(String[] args) {
        System.exit(new CommandLine(new IngestNodeMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        DecodePolicy policy = switch (decode) {
            case "keyframes" -> DecodePolicy.thumbnailDefault();
            case "all" -> new DecodePolicy.All();
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "--decode is keyframes or all");
        };
        var settings = new CameraSources.Settings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60),
                SupervisedCameraSource.StallPolicy.defaults(), policy);
        List<Camera> list = new ArrayList<>(cameras);
        for (int n = 1; n <= cameras; n++) {
            list.add(new Camera(String.format(Locale.ROOT, "cam-%04d", n), null,
                    "rtsp://127.0.0.1:" + port + "/cam/" + n, CameraKind.TRAFFIC, "farm", 0, 0));
        }
        LongAdder decoded = new LongAdder();
        CameraSources sources = new CameraSources(AssetResolver.fromEnvironment(), settings);
        CameraFleet fleet = new CameraFleet(sources, (camera, frame) -> decoded.increment());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fleet.close();
            sources.close();
        }));
        FarmMain.exitWhenStdinCloses();
        fleet.start(list);
        while (true) {
            int streaming = 0;
            long lost = 0;
            long reconnects = 0;
            long units = 0;
            for (CameraFleet.Entry e : fleet.snapshot()) {
                CameraHealth h = e.health();
                if (h.status() == CameraStatus.STREAMING) {
                    streaming++;
                }
                lost += h.packetsLost();
                reconnects += h.reconnects();
                units += h.framesReceived();
            }
            System.out.printf(Locale.ROOT, "STATUS at=%d streaming=%d lost=%d units=%d decoded=%d reconnects=%d%n",
                    System.currentTimeMillis(), streaming, lost, units, decoded.sum(), reconnects);
            System.out.flush();
            Thread.sleep(250);
        }
    }
}
