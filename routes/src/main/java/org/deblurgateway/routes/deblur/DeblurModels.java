package org.deblurgateway.routes.deblur;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.deblurgateway.model.inference.CpuFeatures;
import org.deblurgateway.model.inference.Deblurrer;
import org.deblurgateway.model.inference.DjlRuntime;
import org.deblurgateway.model.inference.InferenceOptions;
import org.deblurgateway.model.inference.ModelCatalog;
import org.deblurgateway.model.inference.PrecisionChoice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The networks of this process: each model is loaded once, on first use, and shared by the frame workers. */
@ApplicationScoped
public class DeblurModels {

    private static final Logger LOG = LoggerFactory.getLogger(DeblurModels.class);

    private final ModelCatalog catalog;
    private final InferenceOptions options;
    private final Map<String, Deblurrer> loaded = new ConcurrentHashMap<>();
    private final int threads;

    @Inject
    public DeblurModels(DeblurConfig config) {
        this(config, CpuFeatures.current());
    }

    /** With the CPU's features given: bf16 runs only where the CPU has native bfloat16 ({@link PrecisionChoice}). */
    DeblurModels(DeblurConfig config, CpuFeatures cpu) {
        this.threads = config.threads();
        this.catalog = config.weightsDir().map(ModelCatalog::new).orElseGet(ModelCatalog::locate);
        InferenceOptions.ComputeDevice device = config.device();
        PrecisionChoice precision = PrecisionChoice.of(config.precision(), device, cpu);
        if (precision.changed()) {
            LOG.warn("DGW-DB-030 gateway.deblur.precision: {}", precision.reason());
        }
        this.options = new InferenceOptions(
                config.tileSize(), config.tileOverlap(), config.tileBatch(), precision.precision(), device);
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    public InferenceOptions options() {
        return options;
    }

    /** The loaded network for {@code modelId}. */
    public Deblurrer get(String modelId) {
        return loaded.computeIfAbsent(modelId, id -> {
            if (!catalog.has(id)) {
                throw new IllegalArgumentException("model '" + id + "' is not in " + catalog.weightsDir());
            }
            try {
                DjlRuntime.engine(threads);
                return Deblurrer.load(catalog.dir(id), options);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @PreDestroy
    void close() {
        loaded.values().forEach(Deblurrer::close);
        loaded.clear();
    }
}
