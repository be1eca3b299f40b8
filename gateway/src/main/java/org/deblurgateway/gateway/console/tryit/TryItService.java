package org.deblurgateway.gateway.console.tryit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.deblurgateway.dicom.pixels.PixelDecoder;
import org.deblurgateway.model.imageio.ImageFiles;
import org.deblurgateway.model.imageio.ImageFormat;
import org.deblurgateway.model.inference.Deblurrer;
import org.deblurgateway.model.inference.InferenceException;
import org.deblurgateway.model.inference.ScoredDeblur;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.deblur.DeblurConfig;
import org.deblurgateway.routes.deblur.DeblurModels;
import org.jboss.logging.Logger;

/**
 * Deblurs one uploaded image with a model of the gateway's own catalog, in this process and with the network the
 * frame workers use (loaded once, {@link DeblurModels}). One run at a time, so Try it cannot starve the pipeline; a
 * second caller is told to wait. Results stay in memory (a few, for a while) and are written to disk only when the
 * user asks to keep one: under {@code <data-dir>/try-it/}.
 */
@ApplicationScoped
public class TryItService {

    private static final Logger LOG = Logger.getLogger(TryItService.class);
    private static final SecureRandom IDS = new SecureRandom();
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final DeblurModels models;
    private final String defaultModel;
    private final UploadDecoder decoder;
    private final Path keepDir;
    private final long maxUploadBytes;
    private final int resultsKept;
    private final Duration lifetime;
    private final Semaphore oneRun = new Semaphore(1);
    private final Map<String, TryItResult> results = new LinkedHashMap<>();

    @Inject
    public TryItService(
            DeblurModels models, PixelDecoder pixels, GatewayConfig gateway, TryItConfig config, DeblurConfig deblur) {
        this(
                models,
                deblur.defaultModel(),
                new UploadDecoder(
                        pixels,
                        gateway.dataDir().toAbsolutePath().resolve("tmp").resolve("try-it"),
                        config.maxPixels()),
                gateway.dataDir().toAbsolutePath().resolve("try-it"),
                config.maxUploadSize().asLongValue(),
                config.resultsKept(),
                config.resultLifetime());
    }

    public TryItService(
            DeblurModels models,
            String defaultModel,
            UploadDecoder decoder,
            Path keepDir,
            long maxUploadBytes,
            int resultsKept,
            Duration lifetime) {
        this.models = models;
        this.defaultModel = defaultModel;
        this.decoder = decoder;
        this.keepDir = keepDir;
        this.maxUploadBytes = maxUploadBytes;
        this.resultsKept = Math.max(1, resultsKept);
        this.lifetime = lifetime;
    }

    /** The models of the catalog the pipeline deblurs with. */
    public List<String> modelIds() throws UploadRejected {
        try {
            return models.catalog().ids();
        } catch (IOException e) {
            throw new UploadRejected(503, "the model catalog cannot be read: " + e.getMessage());
        }
    }

    /** The model deblur rules use when they name none: the page's first choice. */
    public String defaultModel() {
        return defaultModel;
    }

    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    public Path keepDir() {
        return keepDir;
    }

    /**
     * Decodes and deblurs {@code content}.
     *
     * @throws UploadRejected 400 (no model, unknown model, empty), 413 (too large), 415 (not an image file), 422
     *                        (damaged, no image in it, the network cannot take it), 429 (another run is going on),
     *                        503 (the model does not load)
     */
    public TryItResult run(byte[] content, String name, String model, boolean keep) throws UploadRejected {
        long start = System.nanoTime();
        String label = name == null || name.isBlank()
                ? "the upload"
                : Path.of(name).getFileName().toString();
        if (content.length > maxUploadBytes) {
            throw new UploadRejected(
                    413,
                    label + " is " + content.length + " bytes, more than the " + maxUploadBytes
                            + " Try it accepts (gateway.console.try-it.max-upload-size)");
        }
        if (model == null || model.isBlank()) {
            throw new UploadRejected(400, "choose a model");
        }
        if (!modelIds().contains(model)) {
            throw new UploadRejected(400, "model '" + model + "' is not in this gateway's catalog");
        }
        if (!oneRun.tryAcquire()) {
            throw new UploadRejected(429, "another Try-it run is going on; try again when it is done");
        }
        try {
            UploadedImage image = decoder.decode(content, label);
            Deblurrer deblurrer;
            try {
                deblurrer = models.get(model);
            } catch (RuntimeException e) {
                throw new UploadRejected(503, "model '" + model + "' does not load: " + e.getMessage());
            }
            ScoredDeblur scored;
            try {
                scored = ScoredDeblur.of(deblurrer, image.frame(), image.invert());
            } catch (InferenceException | IllegalArgumentException e) {
                throw new UploadRejected(422, "the network cannot process " + label + ": " + e.getMessage());
            }
            String id = HexFormat.of().formatHex(randomBytes());
            TryItResult result = new TryItResult(
                    id,
                    label,
                    image.kind(),
                    model,
                    image.frame(),
                    scored.frame(),
                    image.invert(),
                    scored.inputBlurScore(),
                    scored.outputBlurScore(),
                    scored.millis(),
                    (System.nanoTime() - start) / 1_000_000,
                    image.note(),
                    Optional.empty(),
                    Instant.now());
            if (keep) {
                result = keep(result, content);
            }
            hold(result);
            LOG.infof(
                    "DGW-CON-050 Try it: %s %dx%dx%d deblurred by %s in %d ms (%d ms in all), blur score %.3f -> "
                            + "%.3f%s",
                    image.kind(),
                    image.frame().width(),
                    image.frame().height(),
                    image.frame().channels(),
                    model,
                    scored.millis(),
                    result.totalMillis(),
                    scored.inputBlurScore(),
                    scored.outputBlurScore(),
                    result.kept().map(k -> ", kept in " + k).orElse(""));
            return result;
        } finally {
            oneRun.release();
        }
    }

    /** A run still held, by its id. */
    public synchronized Optional<TryItResult> result(String id) {
        expire();
        return Optional.ofNullable(results.get(id));
    }

    private synchronized void hold(TryItResult result) {
        expire();
        results.put(result.id(), result);
        while (results.size() > resultsKept) {
            results.remove(results.keySet().iterator().next());
        }
    }

    private void expire() {
        Instant oldest = Instant.now().minus(lifetime);
        results.values().removeIf(r -> r.at().isBefore(oldest));
    }

    /** Writes the upload as it came and the result as PNG into a folder of its own. */
    private TryItResult keep(TryItResult result, byte[] content) throws UploadRejected {
        Path dir = keepDir.resolve(STAMP.format(result.at()) + "-" + result.id().substring(0, 8));
        try {
            Files.createDirectories(dir);
            String extension = switch (result.kind()) {
                case "DICOM" -> ".dcm";
                case "JPEG" -> ".jpg";
                default -> ".png";
            };
            Files.write(dir.resolve("input" + extension), content);
            try (OutputStream out = Files.newOutputStream(dir.resolve("deblurred-" + result.model() + ".png"))) {
                ImageFiles.write(result.downloadable(), out, ImageFormat.PNG);
            }
        } catch (IOException e) {
            throw new UploadRejected(500, "deblurred, but it cannot be kept in " + dir + ": " + e.getMessage());
        }
        return new TryItResult(
                result.id(),
                result.name(),
                result.kind(),
                result.model(),
                result.input(),
                result.output(),
                result.monochrome1(),
                result.blurScoreIn(),
                result.blurScoreOut(),
                result.millis(),
                result.totalMillis(),
                result.note(),
                Optional.of(dir.toString()),
                result.at());
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        IDS.nextBytes(bytes);
        return bytes;
    }

    /** A score as the page shows it. */
    static String score(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
