package org.deblurgateway.model.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deblurgateway.model.baseline.Baseline;
import org.deblurgateway.model.blur.Blur;
import org.deblurgateway.model.blur.BlurredImage;
import org.deblurgateway.model.image.FloatImage;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.image.FrameNormalizer;
import org.deblurgateway.model.imageio.ImageFiles;
import org.deblurgateway.model.inference.Deblurrer;
import org.deblurgateway.model.metrics.CadAgreement;
import org.deblurgateway.model.metrics.ImageQuality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The synthetic-blur evaluation behind {@code deblur eval}: blur each test image with its protocol kernel and
 * noise, restore it with every method, and score the result against the sharp original.
 *
 * <p>Per image:
 * <ol>
 *   <li>The sharp file is read as a {@link Frame} and scaled to [0, 1]: 8-bit by 255, 16-bit by the sharp image's
 *       own min-max (this scale is used for every metric of the image).</li>
 *   <li>{@link Blur#protocolBlur} blurs it (kernel and noise seeded by protocol, seed and file name) and the result
 *       is quantised back to the file's sample type: the blurry Frame, as a modality would deliver it.</li>
 *   <li>Every method restores that blurry Frame: {@code blurry} returns it unchanged; baselines work on it
 *       scaled by the sharp min-max (oracles get the true kernel); networks get the Frame itself through
 *       {@link Deblurrer} (which normalises it its own way). Every output is quantised to the file's sample type,
 *       scaled by the sharp min-max and clipped to [0, 1] before PSNR / SSIM / DeltaE (grey as R=G=B) and, with
 *       {@code cad}, {@link CadAgreement} against the sharp image.</li>
 * </ol>
 * The {@code sharp} protocol blurs nothing: the "blurry" Frame is the sharp image (oracles get the identity kernel),
 * so the rows say how much each method changes an image that needed no deblurring.
 * Images run in parallel ({@code jobs}); each network has one Deblurrer, shared (one predictor per concurrent call).
 */
public final class Evaluation {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);
    public static final String BLURRY = "blurry";

    private final EvalConfig config;
    private final Map<String, Deblurrer> networks;

    private Evaluation(EvalConfig config, Map<String, Deblurrer> networks) {
        this.config = config;
        this.networks = networks;
    }

    /**
     * Runs the evaluation.
     *
     * @throws IllegalArgumentException for an unknown method id
     * @throws IOException              when the data folder is missing or empty, an image is unreadable, or a
     *                                  model does not load
     */
    public static EvalReport run(EvalConfig config) throws IOException {
        for (String m : config.methods()) {
            if (!m.equals(BLURRY) && !isBaseline(m) && !config.catalog().has(m)) {
                throw new IllegalArgumentException("unknown method '" + m + "' (known: blurry, unsharp, "
                        + "wiener-oracle, rl-oracle, and model ids in "
                        + config.catalog().weightsDir() + ": "
                        + config.catalog().ids() + ")");
            }
        }
        Map<String, List<Path>> work = TestImages.byModality(config.dataDir(), config.limit());
        Map<String, Deblurrer> networks = new LinkedHashMap<>();
        try {
            for (String m : config.methods()) {
                if (!m.equals(BLURRY) && !isBaseline(m)) {
                    networks.put(m, Deblurrer.load(config.catalog().dir(m), config.inference()));
                }
            }
            return new Evaluation(config, networks).runAll(work);
        } finally {
            networks.values().forEach(Deblurrer::close);
        }
    }

    private static boolean isBaseline(String id) {
        for (Baseline b : Baseline.values()) {
            if (b.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private EvalReport runAll(Map<String, List<Path>> work) throws IOException {
        EvalReport report = new EvalReport(config.protocol().id(), config.seed(), config.methods(), config.cad());
        ExecutorService pool = Executors.newFixedThreadPool(config.jobs(), r -> {
            Thread t = new Thread(r, "eval-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Map.Entry<String, List<Path>> e : work.entrySet()) {
                String modality = e.getKey();
                long t0 = System.nanoTime();
                List<Future<Map<String, Scored>>> futures = new ArrayList<>();
                for (Path img : e.getValue()) {
                    futures.add(pool.submit(() -> evaluateImage(img)));
                }
                // results are added in file order, so sums (and the report) do not depend on scheduling
                for (int i = 0; i < futures.size(); i++) {
                    Map<String, Scored> scored =
                            await(futures.get(i), e.getValue().get(i));
                    for (Map.Entry<String, Scored> s : scored.entrySet()) {
                        report.add(
                                modality,
                                s.getKey(),
                                s.getValue().quality(),
                                s.getValue().cad(),
                                s.getValue().nanos(),
                                s.getValue().megapixels());
                    }
                }
                LOG.info(
                        "{}: {} images in {} s",
                        modality,
                        futures.size(),
                        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
            }
        } finally {
            pool.shutdownNow();
        }
        return report;
    }

    private static Map<String, Scored> await(Future<Map<String, Scored>> f, Path img) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while evaluating " + img, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new IOException("evaluating " + img + " failed: " + c.getMessage(), c);
        }
    }

    /** One method's score on one image; {@code cad} null unless asked for. */
    private record Scored(ImageQuality quality, CadAgreement cad, long nanos, double megapixels) {}

    private Map<String, Scored> evaluateImage(Path file) throws IOException {
        Frame sharp = ImageFiles.read(file);
        FrameNormalizer.Normalized sharpN = FrameNormalizer.normalize(sharp);
        double lo = sharpN.min();
        double hi = sharpN.max();
        BlurredImage blurred = Blur.protocolBlur(
                sharpN.image(),
                config.protocol(),
                config.seed(),
                file.getFileName().toString());
        Frame blurry = FrameNormalizer.denormalize(blurred.image(), lo, hi, sharp.bitsStored(), sharp.signed());
        FloatImage blurryN = FrameNormalizer.normalize(blurry, lo, hi);
        double mp = sharp.pixelCount() / 1e6;
        CadAgreement.Reference cadReference = config.cad() ? CadAgreement.Reference.of(sharpN.image()) : null;

        Map<String, Scored> out = new LinkedHashMap<>();
        for (String method : config.methods()) {
            long t0 = System.nanoTime();
            Frame restored;
            if (method.equals(BLURRY)) {
                restored = blurry;
            } else if (networks.containsKey(method)) {
                restored = networks.get(method).deblur(blurry);
            } else {
                FloatImage r = Baseline.fromId(method).restore(blurryN, blurred.kernel());
                restored = FrameNormalizer.denormalize(r, lo, hi, sharp.bitsStored(), sharp.signed());
            }
            long nanos = System.nanoTime() - t0;
            FloatImage scored = clip01(FrameNormalizer.normalize(restored, lo, hi));
            CadAgreement cad = cadReference == null ? null : cadReference.compare(scored);
            out.put(method, new Scored(ImageQuality.measure(sharpN.image(), scored), cad, nanos, mp));
        }
        return out;
    }

    private static FloatImage clip01(FloatImage img) {
        float[] d = img.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(0f, Math.min(1f, d[i]));
        }
        return img;
    }
}
