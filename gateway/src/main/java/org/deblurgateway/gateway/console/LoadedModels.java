package org.deblurgateway.gateway.console;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.deblurgateway.model.inference.InferenceOptions;
import org.deblurgateway.model.inference.ModelCard;
import org.deblurgateway.routes.deblur.DeblurModels;

/** The models this gateway deblurs with, from their model cards, with the device and precision it runs them at. */
@ApplicationScoped
public class LoadedModels {

    /** One model as the Overview lists it. */
    public record ModelRow(String id, String version, String weightsSha256, String device, String precision) {}

    private final DeblurModels models;

    public LoadedModels(DeblurModels models) {
        this.models = models;
    }

    public List<ModelRow> rows() {
        InferenceOptions options = models.options();
        List<ModelRow> rows = new ArrayList<>();
        try {
            for (String id : models.catalog().ids()) {
                ModelCard card = ModelCard.read(models.catalog().dir(id));
                rows.add(new ModelRow(
                        id,
                        card.version(),
                        card.sha256Of(options.precision().weightsFile()).orElse("(no weights for this precision)"),
                        options.device().name().toLowerCase(),
                        options.precision().name().toLowerCase()));
            }
        } catch (IOException e) {
            rows.add(new ModelRow("(weights folder unreadable)", "", e.getMessage(), "", ""));
        }
        return rows;
    }
}
