package org.deblurgateway.model.inference;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Utils;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-time DJL/PyTorch set-up before the first engine call: offline mode and thread counts, then logs what is in
 * effect.
 *
 * <p>Settings (system properties, read once when the engine starts):
 * <ul>
 *   <li>{@code ai.djl.offline} - defaults to {@code true} here: otherwise DJL tries to reach the network.</li>
 *   <li>{@code ai.djl.pytorch.num_threads} - libtorch intra-op threads (libtorch default: one per core).</li>
 *   <li>{@code ai.djl.pytorch.num_interop_threads} - libtorch inter-op threads.</li>
 *   <li>{@code ai.djl.pytorch.graph_optimizer} - defaults to {@code false} here. With libtorch's profiling graph
 *       executor on, every new input shape (frames of other sizes give other tile shapes) is profiled and
 *       re-specialised over several calls: measured 2.6 s vs 0.83 s per 512x512 frame for rdsam-lite on 2 cores.
 *       The setting is thread-local in libtorch, so {@link Deblurrer} applies it on the calling thread.</li>
 *   <li>{@code ENGINE_CACHE_DIR} (environment or system property) - where the ~430 MB of libtorch natives are
 *       extracted from the pytorch-native jar; DJL's default is {@code ~/.djl.ai/pytorch}, and when that home is
 *       not writable this class picks {@code java.io.tmpdir/djl-cache}.</li>
 * </ul>
 */
public final class DjlRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(DjlRuntime.class);
    public static final String ENGINE = "PyTorch";
    private static final String GRAPH_OPTIMIZER = "ai.djl.pytorch.graph_optimizer";
    private static Engine engine;

    private DjlRuntime() {}

    /**
     * Starts the PyTorch engine once. {@code intraOpThreads > 0} sets {@code ai.djl.pytorch.num_threads} unless the
     * property is already set; it has no effect after the engine started.
     */
    public static synchronized Engine engine(int intraOpThreads) {
        if (engine == null) {
            if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
                System.setProperty("ai.djl.offline", "true");
            }
            defaultEngineCacheDir();
            if (System.getProperty(GRAPH_OPTIMIZER) == null) {
                System.setProperty(GRAPH_OPTIMIZER, "false");
            }
            if (intraOpThreads > 0 && System.getProperty("ai.djl.pytorch.num_threads") == null) {
                System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(intraOpThreads));
            }
            engine = Engine.getEngine(ENGINE);
            LOG.info(
                    "DJL {} engine {} started: intra-op threads {}, inter-op threads {}, graph optimizer {}, GPUs {}, "
                            + "offline {}, natives in {}",
                    Engine.getDjlVersion(),
                    engine.getVersion(),
                    JniUtils.getNumThreads(),
                    JniUtils.getNumInteropThreads(),
                    graphOptimizer(),
                    engine.getGpuCount(),
                    System.getProperty("ai.djl.offline"),
                    Utils.getEngineCacheDir());
        } else if (intraOpThreads > 0 && intraOpThreads != JniUtils.getNumThreads()) {
            LOG.warn(
                    "PyTorch engine already started with {} intra-op threads; request for {} ignored",
                    JniUtils.getNumThreads(),
                    intraOpThreads);
        }
        return engine;
    }

    /**
     * DJL unpacks libtorch under {@code ~/.djl.ai}; a service account without a writable home would fail there,
     * so fall back to {@code java.io.tmpdir/djl-cache} when neither ENGINE_CACHE_DIR nor DJL_CACHE_DIR is set.
     */
    private static void defaultEngineCacheDir() {
        if (Utils.getEnvOrSystemProperty("ENGINE_CACHE_DIR") != null
                || Utils.getEnvOrSystemProperty("DJL_CACHE_DIR") != null) {
            return;
        }
        Path home = Path.of(System.getProperty("user.home", "/"), ".djl.ai");
        boolean writable = Files.exists(home) ? Files.isWritable(home) : Files.isWritable(home.getParent());
        if (!writable) {
            String fallback =
                    Path.of(System.getProperty("java.io.tmpdir"), "djl-cache").toString();
            System.setProperty("ENGINE_CACHE_DIR", fallback);
            LOG.warn("{} is not writable: libtorch natives go to {}", home, fallback);
        }
    }

    /** Whether libtorch's graph executor optimisation is wanted (applied per thread by {@link Deblurrer}). */
    public static boolean graphOptimizer() {
        return Boolean.parseBoolean(System.getProperty(GRAPH_OPTIMIZER, "false"));
    }

    /** libtorch intra-op threads in effect (starts the engine). */
    public static int intraOpThreads() {
        engine(0);
        return JniUtils.getNumThreads();
    }
}
