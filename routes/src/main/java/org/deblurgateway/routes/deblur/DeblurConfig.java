package org.deblurgateway.routes.deblur;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.deblurgateway.model.inference.InferenceOptions.ComputeDevice;
import org.deblurgateway.model.inference.InferenceOptions.Precision;

/**
 * The deblur action, its frame workers and the derived series ({@code gateway.deblur.*}); defaults in the
 * application's application.properties.
 */
@ConfigMapping(prefix = "gateway.deblur")
public interface DeblurConfig {

    /** Frame workers in this process (JMS consumers of the worker queue); 0 leaves all frames to worker processes. */
    int workers();

    /** Consumers of the result queue that assemble derived instances (results of one instance are serialised). */
    int assemblers();

    /** Model used by deblur rules that name none. */
    String defaultModel();

    /** Folder with one sub-folder per model id (model.json + TorchScript); default model/weights. */
    Optional<Path> weightsDir();

    /** cpu, or gpu (build with -Pcuda); cuda is another name for gpu. */
    @WithConverter(DeblurConfigConverters.DeviceConverter.class)
    ComputeDevice device();

    /** fp32 (model.pt) or bf16 (model-bf16.pt); float32 and bfloat16 are other names for them. */
    @WithConverter(DeblurConfigConverters.PrecisionConverter.class)
    Precision precision();

    /**
     * libtorch intra-op threads of this process; 0 = one per core. On a machine shared by several worker processes
     * (or other jobs), fewer threads per process avoid threads waiting on each other (bench/results).
     */
    int threads();

    /** Edge of the square tiles the network sees. */
    int tileSize();

    /** Pixels shared by neighbouring tiles (blended). */
    int tileOverlap();

    /** Tiles per forward call. */
    int tileBatch();

    /** Frames with more samples than this (rows x columns x samples per pixel) pass through (over-pixel-budget). */
    long maxFramePixels();

    /** Objects whose frames together have more samples pass through (bounds the memory of one object). */
    long maxInstancePixels();

    /** Limit for an external decoder (gdcmconv, dcmtk) on one compressed object. */
    Duration decoderTimeout();

    /** Appended to the source Series Description of a derived series. */
    String seriesDescriptionSuffix();

    /** Added to the source Series Number of a derived series. */
    int seriesNumberOffset();

    /** Content Qualification of derived instances: RESEARCH until the site has validated the model, then PRODUCT. */
    @WithConverter(DeblurConfigConverters.ContentQualificationConverter.class)
    ContentQualification contentQualification();

    /** Manufacturer written in the Contributing Equipment Sequence. */
    String manufacturer();

    /** How long the marker folder of a finished job is kept (it lets a result redelivered after a crash be recognised). */
    Duration finishedJobRetention();

    /**
     * Deliveries of one frame before a worker stops trying it and reports it failed: a frame whose earlier attempts
     * ended without a result (its worker crashed, or failed outside the network) would otherwise cycle until the
     * broker dead-letters it and its instance would never complete. Keep it below the broker's
     * max-delivery-attempts (the embedded broker's is 20).
     */
    int maxFrameAttempts();

    /** Name of this process in logs and result messages (which worker deblurred a frame); default host:pid. */
    Optional<String> workerName();
}
