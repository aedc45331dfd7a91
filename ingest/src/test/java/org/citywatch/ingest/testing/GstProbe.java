package org.citywatch.ingest.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Which Python runs the script, found once per JVM by running the script's own {@code --check}. */
final class GstProbe {
    static final GstProbe RESULT = run();

    final String python;
    final String reason;

    private GstProbe(String python, String reason) {
        this.python = python;
        this.reason = reason;
    }

    private static GstProbe run() {
        List<String> candidates = new ArrayList<>();
        String configured = System.getProperty("citywatch.gst.python");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("CITYWATCH_GST_PYTHON");
        }
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        } else {
            if (Files.isExecutable(Path.of("/usr/bin/python3"))) {
                candidates.add("/usr/bin/python3");
            }
            candidates.add("python3");
        }
        Path script;
        try {
            script = GstScript.PATH;
        } catch (RuntimeException | LinkageError e) {
            return new GstProbe(null, "launcher script unusable: " + e);
        }
        List<String> failures = new ArrayList<>();
        for (String python : candidates) {
            Path output = null;
            try {
                output = Files.createTempFile("citywatch-gst-check-", ".txt");
                Process p = new ProcessBuilder(python, script.toString(), "--check").redirectErrorStream(true)
                        .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                        .start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    failures.add(python + ": --check did not finish within 60 s");
                    continue;
                }
                String text = Files.readString(output, StandardCharsets.UTF_8).strip();
                if (p.exitValue() == 0) {
                    return new GstProbe(python, text);
                }
                failures.add(python + ": " + (text.isEmpty() ? "exit code " + p.exitValue() : lastLine(text)));
            } catch (IOException e) {
                failures.add(python + ": cannot run (" + e.getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(python + ": interrupted");
                break;
            } finally {
                if (output != null) {
                    try {
                        Files.deleteIfExists(output);
                    } catch (IOException ignored) {
                        // A temp file left behind.
                    }
                }
            }
        }
        return new GstProbe(null, String.join("; ", failures));
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String lastLine(String text) {
        int nl = text.lastIndexOf('\n');
        return nl < 0 ? text : text.substring(nl + 1);
    }
}
