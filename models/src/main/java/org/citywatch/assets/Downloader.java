package org.citywatch.assets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Predicate;

/** Downloads a file over HTTP(S) into place, atomically, only if its sha256 is accepted. */
public class Downloader {

    /** No asset of ours is near this; a bigger answer is not what we asked for. */
    static final long MAX_BYTES = 512L * 1024 * 1024;

    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    void download(URI url, Path target, Predicate<String> acceptDigest) throws IOException {
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5)).GET().build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode());
                }
                String digest = copyHashing(in, partial);
                if (!acceptDigest.test(digest)) {
                    throw new IOException("sha256 " + digest + " is not the expected one");
                }
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static String copyHashing(InputStream in, Path out) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        long total = 0;
        try (OutputStream os = Files.newOutputStream(out)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > MAX_BYTES) {
                    throw new IOException("larger than " + MAX_BYTES + " bytes");
                }
                digest.update(buffer, 0, n);
                os.write(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
