package org.citywatch.analytics.detect;

import java.nio.file.Path;
import org.citywatch.assets.AssetResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts DJL in offline mode, opts out of its usage tracking and points its cache at CityWatch's cache, before
 * anything initialises {@code ai.djl.engine.Engine}. A city's camera system must not phone home: DJL 0.38's
 * {@code Engine} static initialiser calls {@code Ec2Utils.callHome}, which is skipped only in offline mode or
 * with {@code OPT_OUT_TRACKING} set.
 *
 * <p>What DJL 0.38.0 reads (checked in its bytecode):
 * <ul>
 *   <li>offline: {@code Utils.isOfflineMode()} = env {@code DJL_OFFLINE}, else system property
 *       {@code ai.djl.offline}, else {@code Boolean.getBoolean("offline")}. The environment wins, so a
 *       {@code DJL_OFFLINE=false} in the environment cannot be overridden from here: {@link #ensure()} fails.</li>
 *   <li>tracking: {@code Ec2Utils.callHome} returns early if offline, or if
 *       {@code Utils.getEnvOrSystemProperty("OPT_OUT_TRACKING")} (env, else system property of that exact name)
 *       is true.</li>
 *   <li>cache: {@code Utils.getCacheDir()} = env or property {@code DJL_CACHE_DIR}, else {@code ~/.djl.ai};
 *       {@code ENGINE_CACHE_DIR} defaults to it. ({@code ai.djl.repository.zoo.location} is not a cache: it lists
 *       model directories for the default zoo, so it is left alone.)</li>
 * </ul>
 * No {@code onnxruntime.native.path} is needed: ONNX Runtime's Java jar unpacks its own native library for the
 * platform from the class path into a temporary directory.
 */
public final class DjlOffline {

    private static final Logger log = LoggerFactory.getLogger(DjlOffline.class);

    static final String OFFLINE_ENV = "DJL_OFFLINE";
    static final String OFFLINE_PROPERTY = "ai.djl.offline";
    static final String TRACKING = "OPT_OUT_TRACKING";
    static final String CACHE_DIR = "DJL_CACHE_DIR";

    private DjlOffline() {
    }

    /**
     * Sets the properties (idempotent and cheap, so it re-asserts them on every call in case something cleared
     * them) and checks that DJL itself now reports offline mode.
     *
     * @throws IllegalStateException if DJL still is not offline (an environment variable overrides us)
     */
    public static synchronized void ensure() {
        System.setProperty(OFFLINE_PROPERTY, "true");
        System.setProperty(TRACKING, "true");
        if (blank(System.getenv(CACHE_DIR)) && blank(System.getProperty(CACHE_DIR))) {
            // DJL writes only small metadata here for a local .onnx file, but never into ~/.djl.ai.
            System.setProperty(CACHE_DIR, cacheDir().toString());
        }
        if (!isOffline()) {
            throw new IllegalStateException("DJL is not in offline mode although " + OFFLINE_PROPERTY
                    + "=true: the environment variable " + OFFLINE_ENV + "=" + System.getenv(OFFLINE_ENV)
                    + " takes precedence. Unset it or set it to true.");
        }
        String envTracking = System.getenv(TRACKING);
        if (envTracking != null && !Boolean.parseBoolean(envTracking)) {
            log.warn("Environment {}={} overrides the opt-out; offline mode still stops DJL's tracking call",
                    TRACKING, envTracking);
        }
        log.debug("DJL offline, tracking opted out, cache {}", ai.djl.util.Utils.getCacheDir());
    }

    /** What DJL itself believes: {@code ai.djl.util.Utils.isOfflineMode()}. */
    public static boolean isOffline() {
        return ai.djl.util.Utils.isOfflineMode();
    }

    /** {@code <CityWatch cache>/djl}: DJL's files live beside the assets' download cache. */
    static Path cacheDir() {
        return AssetResolver.defaultCacheDir().resolve("djl");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
