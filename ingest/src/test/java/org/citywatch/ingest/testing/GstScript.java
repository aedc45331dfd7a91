package org.citywatch.ingest.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** The launcher script as a file: the test-classpath resource, copied out when it sits in a jar. */
final class GstScript {
    static final Path PATH = locate();

    private static Path locate() {
        URL resource = GstRtspServer.class.getResource(GstRtspServer.SCRIPT_RESOURCE);
        if (resource == null) {
            throw new IllegalStateException("test resource " + GstRtspServer.SCRIPT_RESOURCE + " is missing");
        }
        try {
            if ("file".equals(resource.getProtocol())) {
                return Path.of(resource.toURI());
            }
            Path copy = Files.createTempFile("citywatch-rtsp-server-", ".py");
            copy.toFile().deleteOnExit();
            try (InputStream in = resource.openStream()) {
                Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + resource + " to a file", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
