package org.citywatch.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resolver's search order, digest checks and download, against a real local HTTP server. */
class AssetResolverTest {

    private static final byte[] CONTENT = "weights of a very small model".getBytes(StandardCharsets.UTF_8);
    private static final String DIGEST = sha256(CONTENT);

    @TempDir
    Path tmp;
    private HttpServer server;
    private final AtomicInteger downloads = new AtomicInteger();
    private Path checkout;
    private Path cache;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/good.bin", ex -> reply(ex, 200, CONTENT));
        server.createContext("/tampered.bin", ex -> reply(ex, 200, "something else".getBytes()));
        server.createContext("/gone.bin", ex -> reply(ex, 404, "not here".getBytes()));
        server.start();
        checkout = Files.createDirectories(tmp.resolve("work/main"));
        cache = tmp.resolve("cache");
    }

    private void reply(com.sun.net.httpserver.HttpExchange ex, int status, byte[] body) throws IOException {
        downloads.incrementAndGet();
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private AssetRef ref(String path) {
        return new AssetRef("models", "tiny.onnx", Set.of(DIGEST), Optional.of(url(path)));
    }

    private AssetResolver resolver(Path assetsDir) {
        return new AssetResolver(Optional.ofNullable(assetsDir), checkout, cache, Optional.of(new Downloader()));
    }

    @Test
    void prefersTheAssetsDirectoryThenTheSharedFolderBesideTheCheckout() throws IOException {
        Path shared = Files.createDirectories(tmp.resolve("work/shared/models")).resolve("tiny.onnx");
        Files.write(shared, CONTENT);
        assertThat(resolver(null).resolve(ref("/good.bin"))).isEqualTo(shared);

        Path assets = Files.createDirectories(tmp.resolve("assets/models"));
        Files.write(assets.resolve("tiny.onnx"), CONTENT);
        assertThat(resolver(tmp.resolve("assets")).resolve(ref("/good.bin"))).isEqualTo(assets.resolve("tiny.onnx"));
        assertThat(downloads).hasValue(0);
    }

    @Test
    void downloadsIntoTheCacheWhenNothingLocalHasItAndThenUsesTheCache() {
        Path got = resolver(null).resolve(ref("/good.bin"));
        assertThat(got).isEqualTo(cache.resolve("models/tiny.onnx")).hasBinaryContent(CONTENT);
        assertThat(downloads).hasValue(1);

        assertThat(resolver(null).resolve(ref("/good.bin"))).isEqualTo(got);
        assertThat(downloads).as("second resolver finds it in the cache").hasValue(1);
    }

    @Test
    void aLocalFileWithTheWrongDigestIsSkippedAndSaidSo() throws IOException {
        Path shared = Files.createDirectories(tmp.resolve("work/shared/models")).resolve("tiny.onnx");
        Files.writeString(shared, "corrupted");
        Path got = resolver(null).resolve(ref("/good.bin"));
        assertThat(got).isEqualTo(cache.resolve("models/tiny.onnx"));
    }

    @Test
    void aTamperedDownloadIsRejectedAndNothingIsLeftInTheCache() {
        assertThatThrownBy(() -> resolver(null).resolve(ref("/tampered.bin")))
                .isInstanceOf(AssetNotFoundException.class)
                .hasMessageContaining("sha256");
        assertThat(cache.resolve("models")).isEmptyDirectory();
    }

    @Test
    void theErrorNamesEveryPlaceTriedAndTheUrl() {
        AssetNotFoundException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                AssetNotFoundException.class, () -> resolver(tmp.resolve("assets")).resolve(ref("/gone.bin")));
        assertThat(e.attempts()).hasSize(5);
        assertThat(e.getMessage())
                .contains(tmp.resolve("assets/models/tiny.onnx").toString())
                .contains(tmp.resolve("assets/tiny.onnx").toString())
                .contains(tmp.resolve("work/shared/models/tiny.onnx").toString())
                .contains(cache.resolve("models/tiny.onnx").toString())
                .contains(url("/gone.bin").toString())
                .contains("HTTP 404");
    }

    @Test
    void withoutAnUpstreamAddressTheErrorSaysSo() {
        AssetRef noUrl = new AssetRef("media", "clip.mp4", Set.of(DIGEST), Optional.empty());
        assertThatThrownBy(() -> resolver(null).resolve(noUrl))
                .hasMessageContaining("CITYWATCH_ASSETS: not set")
                .hasMessageContaining("no upstream address");
    }

    @Test
    void withDownloadsOffTheUrlIsStillNamedButNotFetched() {
        AssetResolver offline = new AssetResolver(Optional.empty(), checkout, cache, Optional.empty());
        assertThatThrownBy(() -> offline.resolve(ref("/good.bin")))
                .hasMessageContaining(url("/good.bin").toString())
                .hasMessageContaining("downloads are off");
        assertThat(downloads).hasValue(0);
    }

    @Test
    void descriptorsAndTheSampleCatalogueLoad() {
        ModelDescriptor d = ModelDescriptor.load("yolox_nano");
        assertThat(d.input().width()).isEqualTo(416);
        assertThat(d.input().colourOrder()).isEqualTo("BGR");
        assertThat(d.output().format()).isEqualTo("yolox");
        assertThat(d.weights().sha256()).contains(d.sha256(), d.upstream().sha256());
        assertThat(d.weights().upstream()).contains(d.upstream().url());
        assertThat(SampleMedia.get("one-by-one-person-detection.mp4").upstream()).isPresent();
        assertThatThrownBy(() -> SampleMedia.get("nope.mp4")).hasMessageContaining("vtest_first20s_h264.mp4");
    }

    @Test
    void theRealSharedFolderHoldsTheModel() {
        // The build runs beside ../shared (citywatch.home is set by the build).
        Path model = AssetResolver.fromEnvironment().resolve(ModelDescriptor.load("yolox_nano").weights());
        assertThat(model).exists().hasFileName("yolox_nano.onnx");
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Sha256.newDigest().digest(bytes));
    }
}
