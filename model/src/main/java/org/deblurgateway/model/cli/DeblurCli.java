package org.deblurgateway.model.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import javax.imageio.spi.IIORegistry;
import org.deblurgateway.model.baseline.Baseline;
import org.deblurgateway.model.blur.Blur;
import org.deblurgateway.model.blur.BlurProtocol;
import org.deblurgateway.model.blur.BlurredImage;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.image.FrameNormalizer;
import org.deblurgateway.model.imageio.ImageFiles;
import org.deblurgateway.model.imageio.ImageFormat;
import org.deblurgateway.model.inference.Deblurrer;
import org.deblurgateway.model.inference.InferenceException;
import org.deblurgateway.model.inference.InferenceOptions;
import org.deblurgateway.model.inference.ModelCard;
import org.deblurgateway.model.inference.ModelCatalog;

/**
 * The {@code bin/deblur} command line: evaluation report, single-image deblurring, protocol blur, model listing.
 * Exit codes: 0 ok, 2 usage error, 1 runtime failure (each with a one-line message on stderr).
 */
public final class DeblurCli {

    static final String USAGE = """
            usage:
              deblur eval --data DIR --out REPORT.json [--protocol motion|gaussian|sharp] [--seed N]
                          [--methods a,b,...] [--limit N] [--jobs N] [--cad] [INFERENCE OPTIONS]
                  DIR/<modality>/ PNG (8/16-bit) or JPEG images; blur each with the protocol's seeded kernel and
                  noise (sharp: none, the input is the sharp image), restore with each method (default: blurry,
                  unsharp, wiener-oracle, rl-oracle and every model in the weights folder), write PSNR/SSIM/DeltaE
                  per modality + average + timing, print a table. --cad adds Dice of the Otsu masks and Canny
                  edge F1 against the sharp image.
              deblur run IN OUT [--model ID] [INFERENCE OPTIONS]
                  deblur one PNG (8/16-bit) or JPEG; OUT keeps IN's bit depth, format from OUT's extension.
                  A DICOM IN (every frame) gives a derived DICOM instance OUT, tagged as the gateway tags them.
              deblur blur IN OUT [--protocol motion|gaussian] [--seed N]
                  apply the protocol's seeded kernel (keyed by IN's file name) and sensor noise.
              deblur blur-scores --data DIR --out SCORES.json [--protocol motion|gaussian] [--seed N] [--limit N]
                  blur score (as min-blur-score compares it) of every sharp image and of its protocol-blurred
                  copy; per modality the distributions and the best threshold, and one threshold for all, with
                  both error rates (sharp images deblurred, blurred ones missed).
              deblur info
                  list the models in the weights folder (parameters, FLOPs per pixel).
              deblur bench --model ID [--size N] [--repeats N] [--budget-s S] [INFERENCE OPTIONS]
                  time N calls on a random SIZE x SIZE RGB frame after a warm-up; one JSON line (bench/model-cpu.sh).
            inference options: --precision fp32|bf16  --device cpu|gpu  --tile N (512)  --overlap N (32)
                               --batch N (4)  --threads N (libtorch intra-op threads; default one per core)
            the weights folder: -Ddeblur.weights.dir / DEBLUR_WEIGHTS_DIR, else model/weights.
            """;

    private static final Set<String> INFERENCE = Set.of("precision", "device", "tile", "overlap", "batch", "threads");

    private final PrintStream out;
    private final PrintStream err;
    private final ModelCatalog catalog;

    DeblurCli(PrintStream out, PrintStream err, ModelCatalog catalog) {
        this.out = out;
        this.err = err;
        this.catalog = catalog;
    }

    public static void main(String[] args) {
        quietPixelMedImageIo();
        System.exit(new DeblurCli(System.out, System.err, ModelCatalog.locate()).execute(args));
    }

    /**
     * PixelMed's ImageIO plug-ins (on the classpath through the dicom module) print to stdout whenever ImageIO
     * probes a file ("JPEGLosslessImageReaderSpi.canDecodeInput() = false"), which would garble the report
     * table; the CLI reads only PNG and JPEG, which the JDK's own plug-ins handle.
     */
    private static void quietPixelMedImageIo() {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        List<Object> pixelmed = new ArrayList<>();
        registry.getCategories()
                .forEachRemaining(category -> registry.getServiceProviders(category, false)
                        .forEachRemaining(p -> {
                            if (p.getClass().getName().startsWith("com.pixelmed.")) {
                                pixelmed.add(p);
                            }
                        }));
        pixelmed.forEach(registry::deregisterServiceProvider);
    }

    /** Runs one command and returns its exit code. */
    int execute(String[] args) {
        if (args.length == 0 || Set.of("-h", "--help", "help").contains(args[0])) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "eval" -> eval(rest);
                case "run" -> run(rest);
                case "blur" -> blur(rest);
                case "info" -> info(rest);
                case "blur-scores" -> blurScores(rest);
                case "bench" -> bench(rest);
                default -> throw new UsageException("unknown command '" + args[0] + "'");
            }
            return 0;
        } catch (UsageException e) {
            err.println("deblur: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (IllegalArgumentException e) {
            // bad values (unknown protocol, method, precision): a usage error, not a crash
            err.println("deblur: " + e.getMessage());
            return 2;
        } catch (IOException | InferenceException | IllegalStateException e) {
            err.println("deblur: " + e.getMessage());
            return 1;
        }
    }

    private static Set<String> with(Set<String> base, String... more) {
        Set<String> s = new HashSet<>(base);
        s.addAll(Arrays.asList(more));
        return s;
    }

    private static InferenceOptions inference(CliArgs a) throws UsageException {
        InferenceOptions d = InferenceOptions.defaults();
        int threads = a.intOption("threads", 0, 1);
        if (threads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        return new InferenceOptions(
                a.intOption("tile", d.tileSize(), 16),
                a.intOption("overlap", d.overlap(), 0),
                a.intOption("batch", d.batchSize(), 1),
                InferenceOptions.Precision.parse(a.option("precision", "fp32")),
                InferenceOptions.ComputeDevice.parse(a.option("device", "cpu")));
    }

    private void eval(List<String> args) throws UsageException, IOException {
        CliArgs a = CliArgs.parse(
                args, with(INFERENCE, "data", "out", "protocol", "seed", "methods", "limit", "jobs"), Set.of("cad"));
        a.expectPositional(0, "only options");
        Path data = Path.of(a.option("data").orElseThrow(() -> new UsageException("eval needs --data DIR")));
        Path report = Path.of(a.option("out").orElseThrow(() -> new UsageException("eval needs --out REPORT.json")));
        List<String> methods = new ArrayList<>();
        if (a.option("methods").isPresent()) {
            for (String m : a.option("methods").get().split(",")) {
                if (!m.isBlank()) {
                    methods.add(m.trim());
                }
            }
        } else {
            methods.add(Evaluation.BLURRY);
            for (Baseline b : Baseline.values()) {
                methods.add(b.id());
            }
            methods.addAll(catalog.ids());
        }
        EvalConfig config = new EvalConfig(
                data,
                BlurProtocol.fromId(a.option("protocol", "motion")),
                a.longOption("seed", 1),
                methods,
                a.intOption("limit", 0, 0),
                a.intOption("jobs", Runtime.getRuntime().availableProcessors(), 1),
                inference(a),
                catalog,
                a.flag("cad"));
        EvalReport r = Evaluation.run(config);
        r.write(report);
        r.printTable(out);
        out.println("report written to " + report);
    }

    private void blurScores(List<String> args) throws UsageException, IOException {
        CliArgs a = CliArgs.parse(args, Set.of("data", "out", "protocol", "seed", "limit"));
        a.expectPositional(0, "only options");
        Path data = Path.of(a.option("data").orElseThrow(() -> new UsageException("blur-scores needs --data DIR")));
        Path outFile =
                Path.of(a.option("out").orElseThrow(() -> new UsageException("blur-scores needs --out SCORES.json")));
        BlurProtocol protocol = BlurProtocol.fromId(a.option("protocol", "motion"));
        if (protocol == BlurProtocol.SHARP) {
            throw new UsageException("blur-scores compares sharp images with blurred ones: --protocol motion|gaussian");
        }
        long seed = a.longOption("seed", 1);
        BlurScoreReport r = new BlurScoreReport(
                protocol.id(), seed, BlurScoreSurvey.run(data, protocol, seed, a.intOption("limit", 0, 0)));
        r.write(outFile);
        r.printTable(out);
        out.println("scores written to " + outFile);
    }

    private void run(List<String> args) throws UsageException, IOException {
        CliArgs a = CliArgs.parse(args, with(INFERENCE, "model"));
        a.expectPositional(2, "IN OUT");
        Path in = Path.of(a.positional().get(0));
        Path outFile = Path.of(a.positional().get(1));
        Optional<DeblurFileFormat> other = otherFormat(in);
        ImageFormat format = other.isPresent() ? null : ImageFormat.of(outFile);
        String id = a.option("model").orElse(null);
        if (id == null) {
            List<String> ids = catalog.ids();
            if (ids.isEmpty()) {
                throw new IOException("no models in " + catalog.weightsDir());
            }
            id = ids.contains("rdsam-lite") ? "rdsam-lite" : ids.get(0);
        } else if (!catalog.has(id)) {
            throw new IOException("no model '" + id + "' in " + catalog.weightsDir() + " (have " + catalog.ids() + ")");
        }
        InferenceOptions options = inference(a);
        if (other.isPresent()
                && outFile.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)")) {
            throw new UsageException(in + " is not PNG/JPEG, so OUT gets its format (" + outFile + " would be "
                    + "misnamed); use e.g. OUT.dcm");
        }
        if (other.isPresent()) {
            try (Deblurrer d = Deblurrer.load(catalog.dir(id), options)) {
                out.println(other.get().deblur(in, outFile, d));
            }
            return;
        }
        Frame frame = ImageFiles.read(in);
        if (frame.bitsStored() > 8 && format == ImageFormat.JPEG) {
            throw new UsageException(in + " is 16-bit: write it as .png");
        }
        Frame result;
        long t0 = System.nanoTime();
        try (Deblurrer d = Deblurrer.load(catalog.dir(id), options)) {
            result = d.deblur(frame);
        }
        ImageFiles.write(result, outFile, format);
        out.printf(
                Locale.ROOT,
                "%s -> %s (%s, %dx%d, %d-bit, %.0f ms)%n",
                in,
                outFile,
                id,
                frame.width(),
                frame.height(),
                frame.bitsStored(),
                (System.nanoTime() - t0) / 1e6);
    }

    /** A format another module plugs in (DICOM), when it recognises {@code in}. */
    private static Optional<DeblurFileFormat> otherFormat(Path in) throws IOException {
        for (DeblurFileFormat format : ServiceLoader.load(DeblurFileFormat.class)) {
            if (format.accepts(in)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    private void blur(List<String> args) throws UsageException, IOException {
        CliArgs a = CliArgs.parse(args, Set.of("protocol", "seed"));
        a.expectPositional(2, "IN OUT");
        Path in = Path.of(a.positional().get(0));
        Path outFile = Path.of(a.positional().get(1));
        ImageFormat format = ImageFormat.of(outFile);
        BlurProtocol protocol = BlurProtocol.fromId(a.option("protocol", "motion"));
        long seed = a.longOption("seed", 1);
        Frame sharp = ImageFiles.read(in);
        if (sharp.bitsStored() > 8 && format == ImageFormat.JPEG) {
            throw new UsageException(in + " is 16-bit: write it as .png");
        }
        FrameNormalizer.Normalized n = FrameNormalizer.normalize(sharp);
        BlurredImage b =
                Blur.protocolBlur(n.image(), protocol, seed, in.getFileName().toString());
        Frame blurry = FrameNormalizer.denormalize(b.image(), n.min(), n.max(), sharp.bitsStored(), sharp.signed());
        ImageFiles.write(blurry, outFile, format);
        out.printf(
                Locale.ROOT,
                "%s -> %s (%s seed %d: %s)%n",
                in,
                outFile,
                protocol.id(),
                seed,
                b.kernel().describe());
    }

    private void bench(List<String> args) throws UsageException, IOException {
        CliArgs a = CliArgs.parse(args, with(INFERENCE, "model", "size", "repeats", "budget-s"));
        a.expectPositional(0, "only options");
        String id = a.option("model").orElseThrow(() -> new UsageException("bench needs --model ID"));
        if (!catalog.has(id)) {
            throw new IOException("no model '" + id + "' in " + catalog.weightsDir() + " (have " + catalog.ids() + ")");
        }
        Benchmark.Result r = Benchmark.run(
                catalog.dir(id),
                inference(a),
                a.intOption("size", 512, 1),
                a.intOption("repeats", 5, 1),
                1000L * a.intOption("budget-s", 300, 1));
        out.println(r.toJson());
    }

    private void info(List<String> args) throws UsageException, IOException {
        CliArgs a = CliArgs.parse(args, Set.of());
        a.expectPositional(0, "no arguments");
        List<String> ids = catalog.ids();
        out.println("models in " + catalog.weightsDir().toAbsolutePath().normalize() + ":");
        if (ids.isEmpty()) {
            out.println("  (none)");
            return;
        }
        out.printf(
                Locale.ROOT,
                "  %-12s %-22s %12s %14s %8s  %s%n",
                "id",
                "version",
                "parameters",
                "FLOPs/pixel",
                "multiple",
                "weights");
        for (String id : ids) {
            try {
                ModelCard c = ModelCard.read(catalog.dir(id));
                List<String> files = new ArrayList<>();
                for (InferenceOptions.Precision p : InferenceOptions.Precision.values()) {
                    if (Files.isRegularFile(catalog.dir(id).resolve(p.weightsFile()))) {
                        files.add(p.weightsFile());
                    }
                }
                out.printf(
                        Locale.ROOT,
                        "  %-12s %-22s %,12d %,14d %8d  %s%n",
                        c.id(),
                        c.version(),
                        c.parameters(),
                        c.flopsPerPixel(),
                        c.sizeMultiple(),
                        String.join(" ", files));
            } catch (IOException e) {
                out.printf(Locale.ROOT, "  %-12s unreadable: %s%n", id, e.getMessage());
            }
        }
    }
}
