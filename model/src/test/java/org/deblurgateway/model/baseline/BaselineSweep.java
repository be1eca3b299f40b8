package org.deblurgateway.model.baseline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.deblurgateway.model.blur.Blur;
import org.deblurgateway.model.blur.BlurKernel;
import org.deblurgateway.model.blur.BlurProtocol;
import org.deblurgateway.model.blur.BlurredImage;
import org.deblurgateway.model.image.FloatImage;
import org.deblurgateway.model.image.FrameNormalizer;
import org.deblurgateway.model.imageio.ImageFiles;
import org.deblurgateway.model.metrics.Psnr;

/**
 * Developer tool (not a test): the parameter sweep behind the baseline defaults. Takes the first N train images
 * of every modality, blurs them with the {@code motion} protocol (seed 1000, distinct from test seeds), and prints
 * mean PSNR per parameter value.
 *
 * <p>Run after a build: {@code java -cp model/target/classes:model/target/test-classes
 * org.deblurgateway.model.baseline.BaselineSweep ../shared/data/train 5} (the defaults came from 5 per modality).
 */
public final class BaselineSweep {

    private BaselineSweep() {}

    public static void main(String[] args) throws IOException {
        Path train = Path.of(args.length > 0 ? args[0] : "../shared/data/train");
        int perModality = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<FloatImage> sharp = new ArrayList<>();
        List<BlurredImage> blurred = new ArrayList<>();
        try (Stream<Path> modalities = Files.list(train).sorted()) {
            for (Path modality : (Iterable<Path>) modalities::iterator) {
                try (Stream<Path> files = Files.list(modality).sorted()) {
                    for (Path f : files.limit(perModality).toList()) {
                        FloatImage s =
                                FrameNormalizer.normalize(ImageFiles.read(f)).image();
                        sharp.add(s);
                        blurred.add(Blur.protocolBlur(
                                s, BlurProtocol.MOTION, 1000, f.getFileName().toString()));
                        System.out.printf(
                                Locale.ROOT,
                                "%s %dx%dx%d %s%n",
                                modality.getFileName(),
                                s.width(),
                                s.height(),
                                s.channels(),
                                blurred.get(blurred.size() - 1).kernel().describe());
                    }
                }
            }
        }
        report("blurry input", sharp, blurred, (b, k) -> b);
        for (double sigma : new double[] {0.5, 1.0, 2.0, 3.0, 5.0}) {
            for (double amount : new double[] {0.25, 0.5, 1.0, 2.0}) {
                UnsharpMask u = new UnsharpMask(sigma, amount);
                report(
                        String.format(Locale.ROOT, "unsharp sigma=%.1f amount=%.2f", sigma, amount),
                        sharp,
                        blurred,
                        (b, k) -> u.restore(b));
            }
        }
        for (double nsr : new double[] {1e-4, 1e-3, 5e-3, 1e-2, 1.5e-2, 2e-2, 3e-2}) {
            WienerDeconvolution w = new WienerDeconvolution(nsr);
            report(String.format(Locale.ROOT, "wiener-oracle K=%.1e", nsr), sharp, blurred, w::restore);
        }
        for (int iterations : new int[] {10, 15, 20, 25, 30, 50}) {
            RichardsonLucy rl = new RichardsonLucy(iterations);
            report("rl-oracle iterations=" + iterations, sharp, blurred, rl::restore);
        }
    }

    private interface Method {
        FloatImage restore(FloatImage blurry, BlurKernel kernel);
    }

    private static void report(String label, List<FloatImage> sharp, List<BlurredImage> blurred, Method m) {
        double sum = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < sharp.size(); i++) {
            BlurredImage b = blurred.get(i);
            sum += Psnr.compute(sharp.get(i), m.restore(b.image(), b.kernel()));
        }
        System.out.printf(
                Locale.ROOT,
                "%-36s mean PSNR %.3f dB  (%.1f s)%n",
                label,
                sum / sharp.size(),
                (System.nanoTime() - t0) / 1e9);
    }
}
