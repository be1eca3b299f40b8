package org.deblurgateway.model.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.deblurgateway.model.image.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes blur from one frame at a time with a TorchScript network loaded once from {@code model/weights/<id>/}.
 *
 * <p>A frame of any size, grey or RGB, 1..16 bits signed or unsigned, goes in; a frame of the same size and type
 * comes out. Steps: {@link Normalisation} to [0, 1] (grey as R=G=B); reflect padding after the frame's last row and
 * column up to the model's size multiple (no context around it: {@link TileGrid}); square tiles with overlap,
 * batched; cosine-ramp blending;
 * the mean of the three output channels for grey frames; the exact inverse normalisation, rounded and clamped.
 * The same input always gives the same output (fixed tiling and batch order; libtorch CPU convolutions are
 * deterministic for fixed shapes).
 *
 * <p>Thread safety: {@link #deblur} may be called from several threads at once. A DJL {@code Predictor} is not
 * thread-safe, so each call borrows one of its own from a pool over the one loaded model (weights shared, one
 * predictor per concurrent caller, created on demand and kept for reuse); callers never queue on a lock. libtorch
 * also parallelises inside one call ({@code gateway.deblur.threads}).
 */
public final class Deblurrer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Deblurrer.class);

    private final ModelCard card;
    private final InferenceOptions options;
    private final ZooModel<TileBatch, TileBatch> model;
    /** Predictors not in use; at most as many exist as callers ever ran at the same time. */
    private final Deque<Predictor<TileBatch, TileBatch>> idle = new ConcurrentLinkedDeque<>();

    private final Set<Predictor<TileBatch, TileBatch>> created = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private Deblurrer(ModelCard card, InferenceOptions options, ZooModel<TileBatch, TileBatch> model) {
        this.card = card;
        this.options = options;
        this.model = model;
    }

    /**
     * Loads {@code modelDir/model.pt} (or {@code model-bf16.pt} for bf16) after checking its SHA-256 against
     * {@code model.json}.
     *
     * @throws IOException when the card or weights are missing, the checksum differs, the TorchScript does not load,
     *                     or a GPU is asked for and libtorch sees none
     */
    public static Deblurrer load(Path modelDir, InferenceOptions options) throws IOException {
        ModelCard card = ModelCard.read(modelDir);
        String fileName = options.precision().weightsFile();
        Path weights = modelDir.resolve(fileName);
        if (!Files.isRegularFile(weights)) {
            throw new IOException("model " + card.id() + " has no " + fileName + " in " + modelDir);
        }
        String expected = card.sha256Of(fileName)
                .orElseThrow(() -> new IOException(
                        "model card " + modelDir.resolve(ModelCard.FILE_NAME) + " lists no sha256 for " + fileName));
        String actual = sha256(weights);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new IOException("weights " + weights + " do not match model.json: sha256 is " + actual
                    + ", model.json says " + expected);
        }
        Engine engine = DjlRuntime.engine(0);
        Device device = Device.cpu();
        if (options.device() == InferenceOptions.ComputeDevice.GPU) {
            if (engine.getGpuCount() == 0) {
                throw new IOException("device gpu requested but libtorch sees no GPU (build with -Pcuda for the "
                        + "CUDA natives, and check the driver)");
            }
            device = Device.gpu();
        }
        Criteria<TileBatch, TileBatch> criteria = Criteria.builder()
                .setTypes(TileBatch.class, TileBatch.class)
                .optModelPath(modelDir)
                .optModelName(fileName.substring(0, fileName.length() - ".pt".length()))
                .optEngine(DjlRuntime.ENGINE)
                .optDevice(device)
                .optOption("mapLocation", "true")
                .optTranslator(new TileBatchTranslator())
                .build();
        try {
            ZooModel<TileBatch, TileBatch> model = criteria.loadModel();
            LOG.info(
                    "Loaded model {} {} ({}, {} parameters, size multiple {}) on {}; tiles {} overlap {} batch {}",
                    card.id(),
                    card.version(),
                    fileName,
                    card.parameters(),
                    card.sizeMultiple(),
                    device,
                    options.tileSize(),
                    options.overlap(),
                    options.batchSize());
            return new Deblurrer(card, options, model);
        } catch (ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new IOException("cannot load TorchScript " + weights + ": " + e.getMessage(), e);
        }
    }

    public ModelCard card() {
        return card;
    }

    public InferenceOptions options() {
        return options;
    }

    /**
     * Deblurs one frame.
     *
     * @return a new frame of the same width, height, channels, bits stored and signedness
     * @throws InferenceException when the network fails on a tile batch
     */
    public Frame deblur(Frame frame) {
        Predictor<TileBatch, TileBatch> predictor = borrowPredictor();
        try {
            return deblur(frame, predictor);
        } finally {
            idle.push(predictor);
        }
    }

    /** Predictors in this model's pool: how many callers have run at the same time, at most. */
    public int predictorCount() {
        return created.size();
    }

    private Predictor<TileBatch, TileBatch> borrowPredictor() {
        if (closed) {
            throw new IllegalStateException("model " + card.id() + " is closed");
        }
        Predictor<TileBatch, TileBatch> p = idle.poll();
        if (p == null) {
            p = model.newPredictor();
            created.add(p);
        }
        return p;
    }

    private Frame deblur(Frame frame, Predictor<TileBatch, TileBatch> predictor) {
        Normalisation norm = Normalisation.of(frame);
        int w = frame.width();
        int h = frame.height();
        int ch = frame.channels();
        TileGrid gx = TileGrid.of(w, options.tileSize(), options.overlap(), card.sizeMultiple());
        TileGrid gy = TileGrid.of(h, options.tileSize(), options.overlap(), card.sizeMultiple());
        int[] srcX = gx.sourceIndex();
        int[] srcY = gy.sourceIndex();
        int tw = gx.tileLength();
        int th = gy.tileLength();
        int plane = tw * th;

        // Normalised frame once (not per tile): tiles overlap and re-read pixels.
        float[] norm01 = new float[frame.samples().length];
        int[] samples = frame.samples();
        for (int i = 0; i < samples.length; i++) {
            norm01[i] = norm.forward(samples[i]);
        }
        float[] acc = new float[w * h * ch];
        float[] weightSum = new float[w * h];

        int tiles = gx.starts().length * gy.starts().length;
        int batch = Math.min(options.batchSize(), tiles);
        int[] tileX = new int[batch];
        int[] tileY = new int[batch];
        int n = 0;
        for (int iy = 0; iy < gy.starts().length; iy++) {
            for (int ix = 0; ix < gx.starts().length; ix++) {
                tileX[n] = ix;
                tileY[n] = iy;
                n++;
                boolean last = iy == gy.starts().length - 1 && ix == gx.starts().length - 1;
                if (n == batch || last) {
                    float[] in = new float[n * 3 * plane];
                    for (int b = 0; b < n; b++) {
                        fillTile(
                                in,
                                b * 3 * plane,
                                norm01,
                                w,
                                ch,
                                srcX,
                                srcY,
                                gx.starts()[tileX[b]],
                                gy.starts()[tileY[b]],
                                tw,
                                th);
                    }
                    TileBatch out = run(predictor, new TileBatch(n, th, tw, in));
                    for (int b = 0; b < n; b++) {
                        accumulate(out.data(), b * 3 * plane, acc, weightSum, w, h, ch, gx, gy, tileX[b], tileY[b]);
                    }
                    n = 0;
                }
            }
        }

        int[] result = new int[samples.length];
        int min = frame.minValue();
        int max = frame.maxValue();
        for (int p = 0; p < w * h; p++) {
            float ws = weightSum[p];
            for (int c = 0; c < ch; c++) {
                int i = p * ch + c;
                result[i] = norm.inverse(acc[i] / ws, min, max);
            }
        }
        return new Frame(w, h, ch, frame.bitsStored(), frame.signed(), result);
    }

    private TileBatch run(Predictor<TileBatch, TileBatch> predictor, TileBatch in) {
        try {
            // thread-local in libtorch: set on whichever thread calls (eval workers, gateway consumers)
            JniUtils.setGraphExecutorOptimize(DjlRuntime.graphOptimizer());
            return predictor.predict(in);
        } catch (TranslateException | RuntimeException e) {
            throw new InferenceException(
                    "model " + card.id() + " failed on a batch of " + in.count() + " tiles " + in.width() + "x"
                            + in.height() + ": " + e.getMessage(),
                    e);
        }
    }

    /** Copies one tile (reflect-padded source coordinates) as planar RGB; grey is replicated to R=G=B. */
    private static void fillTile(
            float[] dst, int base, float[] src, int w, int ch, int[] srcX, int[] srcY, int x0, int y0, int tw, int th) {
        int plane = tw * th;
        for (int ty = 0; ty < th; ty++) {
            int row = srcY[y0 + ty] * w;
            int o = base + ty * tw;
            for (int tx = 0; tx < tw; tx++) {
                int s = (row + srcX[x0 + tx]) * ch;
                if (ch == 1) {
                    float v = src[s];
                    dst[o + tx] = v;
                    dst[o + plane + tx] = v;
                    dst[o + 2 * plane + tx] = v;
                } else {
                    dst[o + tx] = src[s];
                    dst[o + plane + tx] = src[s + 1];
                    dst[o + 2 * plane + tx] = src[s + 2];
                }
            }
        }
    }

    /** Adds the weighted tile output over the part of the tile that lies inside the frame. */
    private static void accumulate(
            float[] out,
            int base,
            float[] acc,
            float[] weightSum,
            int w,
            int h,
            int ch,
            TileGrid gx,
            TileGrid gy,
            int ix,
            int iy) {
        int tw = gx.tileLength();
        int th = gy.tileLength();
        int plane = tw * th;
        float[] wx = gx.weights(ix);
        float[] wy = gy.weights(iy);
        // Tiles start inside the frame (no context before it); only their end can reach into the padding.
        int x0 = gx.starts()[ix];
        int y0 = gy.starts()[iy];
        int txTo = Math.min(tw, w - x0);
        int tyTo = Math.min(th, h - y0);
        for (int ty = 0; ty < tyTo; ty++) {
            int y = y0 + ty;
            int o = base + ty * tw;
            for (int tx = 0; tx < txTo; tx++) {
                int p = y * w + x0 + tx;
                float wt = wy[ty] * wx[tx];
                weightSum[p] += wt;
                float r = out[o + tx];
                float g = out[o + plane + tx];
                float b = out[o + 2 * plane + tx];
                if (ch == 1) {
                    acc[p] += wt * ((r + g + b) / 3f);
                } else {
                    acc[p * 3] += wt * r;
                    acc[p * 3 + 1] += wt * g;
                    acc[p * 3 + 2] += wt * b;
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        // Called once no frame is in flight (process shutdown, end of an evaluation).
        closed = true;
        created.forEach(Predictor::close);
        created.clear();
        idle.clear();
        model.close();
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }
}
