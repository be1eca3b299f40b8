package org.deblurgateway.routes.deblur;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.deblurgateway.model.inference.Deblurrer;
import org.deblurgateway.model.inference.DjlRuntime;
import org.deblurgateway.model.inference.InferenceOptions;
import org.deblurgateway.model.inference.ModelCatalog;

/** The networks of this process: each model is loaded once, on first use, and shared by the frame workers. */
@ApplicationScoped
public class DeblurModels {

    private final ModelCatalog catalog;
    private final InferenceOptions options;
    private final Map<String, Deblurrer> loaded = new ConcurrentHashMap<>();
    private final int threads;

    public DeblurModels(DeblurConfig config) {
        this.threads = config.threads();
        this.catalog = config.weightsDir().map(ModelCatalog::new).orElseGet(ModelCatalog::locate);
        this.options = new InferenceOptions(config.tileSize(), config.tileOverlap(), config.tileBatch(),
                InferenceOptions.Precision.parse(config.precision()),
                InferenceOptions.ComputeDevice.parse(config.device()));
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
