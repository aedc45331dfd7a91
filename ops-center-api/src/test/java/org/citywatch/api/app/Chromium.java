package org.citywatch.api.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Headless Chromium (Debian's package), used as a real browser by the dashboard test. */
final class Chromium {

    private Chromium() {
    }

    static Optional<Path> find() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The page's DOM after its scripts have run for {@code virtualMillis} of virtual time. */
    static String dumpDom(Path chromium, String url, int virtualMillis) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("citywatch-chromium");
        // The flags keep Chromium off the network (this machine has none) and out of the user's profile.
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1400,900",
                "--virtual-time-budget=" + virtualMillis, "--dump-dom", url)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish within 60 s");
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
