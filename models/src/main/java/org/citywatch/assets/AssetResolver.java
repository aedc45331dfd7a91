package org.citywatch.assets;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds an asset at run time, in this order:
 * <ol>
 *   <li>the directory named by {@code CITYWATCH_ASSETS} (as {@code <dir>/<folder>/<file>} or {@code <dir>/<file>});</li>
 *   <li>{@code ../shared/<folder>/<file>} beside the checkout;</li>
 *   <li>the download cache ({@code ~/.cache/citywatch/<folder>/<file>});</li>
 *   <li>a download of the upstream address into that cache.</li>
 * </ol>
 * Every candidate must match one of the asset's sha256 digests. When nothing works, the
 * {@link AssetNotFoundException} names every place tried and why it failed.
 */
public final class AssetResolver {

    private static final Logger log = LoggerFactory.getLogger(AssetResolver.class);

    private final Optional<Path> assetsDir;
    private final Path checkoutDir;
    private final Path cacheDir;
    private final Optional<Downloader> downloader;
    private final ConcurrentMap<AssetRef, Path> resolved = new ConcurrentHashMap<>();

    /**
     * @param downloader how to fetch upstream addresses; empty to never download (an air-gapped centre,
     *                   or {@code CITYWATCH_OFFLINE=true})
     */
    public AssetResolver(Optional<Path> assetsDir, Path checkoutDir, Path cacheDir, Optional<Downloader> downloader) {
        this.assetsDir = assetsDir;
        this.checkoutDir = checkoutDir.toAbsolutePath().normalize();
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
        this.downloader = downloader;
    }

    /**
     * The resolver configured from the environment: {@code CITYWATCH_ASSETS} (or the system property
     * {@code citywatch.assets}), the checkout from {@code citywatch.home} (else the working directory),
     * the cache from {@code CITYWATCH_CACHE}, else {@code $XDG_CACHE_HOME/citywatch}, else {@code ~/.cache/citywatch};
     * downloads unless {@code CITYWATCH_OFFLINE} (or {@code citywatch.offline}) is {@code true}.
     */
    public static AssetResolver fromEnvironment() {
        Optional<Path> assets = setting("citywatch.assets", "CITYWATCH_ASSETS").map(Path::of);
        Path home = Path.of(System.getProperty("citywatch.home", System.getProperty("user.dir")));
        Path cache = defaultCacheDir();
        boolean offline = setting("citywatch.offline", "CITYWATCH_OFFLINE").map(Boolean::parseBoolean).orElse(false);
        return new AssetResolver(assets, home, cache, offline ? Optional.empty() : Optional.of(new Downloader()));
    }

    /**
     * CityWatch's cache directory: {@code CITYWATCH_CACHE} (or {@code citywatch.cache}), else
     * {@code $XDG_CACHE_HOME/citywatch}, else {@code ~/.cache/citywatch}. Other caches (DJL's) go below it.
     */
    public static Path defaultCacheDir() {
        return setting("citywatch.cache", "CITYWATCH_CACHE").map(Path::of)
                .orElseGet(() -> setting("xdg.cache.home", "XDG_CACHE_HOME").map(x -> Path.of(x, "citywatch"))
                        .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache", "citywatch")))
                .toAbsolutePath();
    }

    private static Optional<String> setting(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return Optional.ofNullable(value).filter(s -> !s.isBlank());
    }

    /** The local path of the asset, downloading it if needed. */
    public Path resolve(AssetRef ref) {
        Path known = resolved.get(ref);
        if (known != null) {
            return known;
        }
        Path found = find(ref);
        resolved.put(ref, found);
        return found;
    }

    private Path find(AssetRef ref) {
        List<String> attempts = new ArrayList<>();
        if (assetsDir.isPresent()) {
            for (Path candidate : List.of(assetsDir.get().resolve(ref.folder()).resolve(ref.file()),
                    assetsDir.get().resolve(ref.file()))) {
                Optional<Path> ok = check(ref, candidate, "CITYWATCH_ASSETS", attempts);
                if (ok.isPresent()) {
                    return ok.get();
                }
            }
        } else {
            attempts.add("CITYWATCH_ASSETS: not set");
        }
        Path shared = checkoutDir.resolveSibling("shared").resolve(ref.folder()).resolve(ref.file());
        Optional<Path> ok = check(ref, shared, "shared folder beside the checkout", attempts);
        if (ok.isPresent()) {
            return ok.get();
        }
        Path cached = cacheDir.resolve(ref.folder()).resolve(ref.file());
        ok = check(ref, cached, "download cache", attempts);
        if (ok.isPresent()) {
            return ok.get();
        }
        if (ref.upstream().isEmpty()) {
            attempts.add("download: no upstream address is known for " + ref.file());
            throw new AssetNotFoundException(ref, attempts);
        }
        URI url = ref.upstream().get();
        if (downloader.isEmpty()) {
            attempts.add("download " + url + ": not tried, downloads are off (CITYWATCH_OFFLINE)");
            throw new AssetNotFoundException(ref, attempts);
        }
        try {
            log.info("Downloading {} from {} into {}", ref.file(), url, cached);
            downloader.get().download(url, cached, ref::accepts);
            return cached;
        } catch (IOException | RuntimeException e) {
            attempts.add("download " + url + " into " + cached + ": failed (" + e.getMessage() + ")");
            throw new AssetNotFoundException(ref, attempts);
        }
    }

    private static Optional<Path> check(AssetRef ref, Path candidate, String place, List<String> attempts) {
        if (!Files.isRegularFile(candidate)) {
            attempts.add(place + ": " + candidate + " (missing)");
            return Optional.empty();
        }
        try {
            String digest = Sha256.of(candidate);
            if (ref.accepts(digest)) {
                return Optional.of(candidate);
            }
            attempts.add(place + ": " + candidate + " (sha256 " + digest + " is not the expected one)");
        } catch (IOException e) {
            attempts.add(place + ": " + candidate + " (unreadable: " + e.getMessage() + ")");
        }
        return Optional.empty();
    }
}
