package org.deblurgateway.model.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.deblurgateway.model.metrics.CadAgreement;
import org.deblurgateway.model.metrics.ImageQuality;

/**
 * Accumulates per-image metrics and method timings, and writes the evaluation report (JSON and a text table).
 *
 * <p>"average" is the mean over modalities of the per-modality means (each modality counts once, whatever its
 * image count). Timing is the summed wall time of a method over all images divided by the megapixels processed.
 *
 * <p>PSNR of an image returned unchanged (the {@code sharp} protocol's {@code blurry} row) is infinite, and so is
 * every mean that includes it. JSON has no Infinity: such a mean is written as {@code "psnr": null} followed by
 * {@code "psnr_identical": k}, the number of images behind it that came back identical (written only when k > 0);
 * the table prints {@code inf}. A mean over the finite values alone would hide that the method left some images
 * untouched. With CAD agreement on, every method object also gets {@code dice} and {@code edgeF1}, after the
 * existing fields.
 */
public final class EvalReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String protocol;
    private final long seed;
    private final List<String> methods;
    private final boolean cad;
    private final Map<String, Map<String, Sums>> modalities = new TreeMap<>();
    private final Map<String, long[]> nanos = new LinkedHashMap<>();
    private final Map<String, double[]> megapixels = new LinkedHashMap<>();

    /** Running sums for one (modality, method). */
    private static final class Sums {
        int n;
        double psnr;
        double ssim;
        double deltaE;
        int identical;
        double dice;
        double edgeF1;
    }

    /**
     * Mean metrics of one (modality, method).
     *
     * @param identical images with infinite PSNR (returned unchanged); {@code psnr} is infinite when > 0
     * @param dice      mean Otsu-mask Dice, NaN without CAD agreement
     * @param edgeF1    mean Canny edge F1, NaN without CAD agreement
     */
    public record Mean(int n, double psnr, double ssim, double deltaE, int identical, double dice, double edgeF1) {}

    /** @param cad whether CAD agreement is measured (then every {@link #add} brings one) */
    public EvalReport(String protocol, long seed, List<String> methods, boolean cad) {
        this.protocol = protocol;
        this.seed = seed;
        this.methods = List.copyOf(methods);
        this.cad = cad;
        for (String m : methods) {
            nanos.put(m, new long[1]);
            megapixels.put(m, new double[1]);
        }
    }

    /**
     * Adds one image's result for one method: its quality, its CAD agreement ({@code null} when not measured) and
     * the method's wall time on it.
     */
    public synchronized void add(
            String modality, String method, ImageQuality q, CadAgreement agreement, long wallNanos, double mp) {
        if (cad != (agreement != null)) {
            throw new IllegalArgumentException(
                    cad
                            ? "this report needs CAD agreement for every image"
                            : "this report does not measure CAD agreement");
        }
        Sums s = modalities
                .computeIfAbsent(modality, k -> new LinkedHashMap<>())
                .computeIfAbsent(method, k -> new Sums());
        s.n++;
        s.psnr += q.psnr();
        s.ssim += q.ssim();
        s.deltaE += q.deltaE();
        if (q.psnr() == Double.POSITIVE_INFINITY) {
            s.identical++;
        }
        if (agreement != null) {
            s.dice += agreement.dice();
            s.edgeF1 += agreement.edgeF1();
        }
        nanos.get(method)[0] += wallNanos;
        megapixels.get(method)[0] += mp;
    }

    public synchronized List<String> modalities() {
        return List.copyOf(modalities.keySet());
    }

    public List<String> methods() {
        return methods;
    }

    /** Per-modality mean, or null when the method has no image there. */
    public synchronized Mean mean(String modality, String method) {
        Sums s = modalities.getOrDefault(modality, Map.of()).get(method);
        if (s == null || s.n == 0) {
            return null;
        }
        return new Mean(
                s.n,
                s.psnr / s.n,
                s.ssim / s.n,
                s.deltaE / s.n,
                s.identical,
                cad ? s.dice / s.n : Double.NaN,
                cad ? s.edgeF1 / s.n : Double.NaN);
    }

    /** Mean over modalities of the per-modality means. */
    public synchronized Mean average(String method) {
        int k = 0;
        int n = 0;
        double p = 0;
        double s = 0;
        double d = 0;
        int identical = 0;
        double dice = 0;
        double f1 = 0;
        for (String mod : modalities.keySet()) {
            Mean m = mean(mod, method);
            if (m != null) {
                k++;
                n += m.n();
                p += m.psnr();
                s += m.ssim();
                d += m.deltaE();
                identical += m.identical();
                dice += m.dice();
                f1 += m.edgeF1();
            }
        }
        return k == 0 ? null : new Mean(n, p / k, s / k, d / k, identical, dice / k, f1 / k);
    }

    /** Milliseconds of wall time per megapixel processed, if any. */
    public synchronized OptionalDouble msPerMegapixel(String method) {
        double mp = megapixels.get(method)[0];
        return mp > 0 ? OptionalDouble.of(nanos.get(method)[0] / 1e6 / mp) : OptionalDouble.empty();
    }

    /** The report as JSON: protocol, seed, modalities, average, timing. */
    public synchronized ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("protocol", protocol);
        root.put("seed", seed);
        ObjectNode mods = root.putObject("modalities");
        for (String mod : modalities.keySet()) {
            ObjectNode mo = mods.putObject(mod);
            for (String method : methods) {
                Mean m = mean(mod, method);
                if (m != null) {
                    ObjectNode o = mo.putObject(method);
                    o.put("n", m.n());
                    putMetrics(o, m);
                }
            }
        }
        ObjectNode avg = root.putObject("average");
        for (String method : methods) {
            Mean m = average(method);
            if (m != null) {
                putMetrics(avg.putObject(method), m);
            }
        }
        ObjectNode timing = root.putObject("timing");
        for (String method : methods) {
            OptionalDouble t = msPerMegapixel(method);
            ObjectNode o = timing.putObject(method);
            if (t.isPresent()) {
                o.put("ms_per_megapixel", round(t.getAsDouble(), 3));
            } else {
                o.putNull("ms_per_megapixel");
            }
        }
        return root;
    }

    private static void putMetrics(ObjectNode o, Mean m) {
        putFinite(o, "psnr", round(m.psnr(), 4));
        putFinite(o, "ssim", round(m.ssim(), 5));
        putFinite(o, "deltaE", round(m.deltaE(), 4));
        if (m.identical() > 0) {
            o.put("psnr_identical", m.identical());
        }
        if (!Double.isNaN(m.dice())) {
            o.put("dice", round(m.dice(), 5));
            o.put("edgeF1", round(m.edgeF1(), 5));
        }
    }

    private static void putFinite(ObjectNode o, String name, double v) {
        // JSON has no Infinity/NaN (PSNR of an identical image is infinite)
        if (Double.isFinite(v)) {
            o.put(name, v);
        } else {
            o.putNull(name);
        }
    }

    private static double round(double v, int digits) {
        if (!Double.isFinite(v)) {
            return v;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** Writes the JSON report atomically (temporary sibling, then rename). */
    public void write(Path out) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + out.getFileName(), ".part");
        try {
            JSON.writeValue(tmp.toFile(), toJson());
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A readable table: one block per modality and the average, methods as rows. */
    public synchronized void printTable(PrintStream out) {
        out.printf(Locale.ROOT, "protocol %s, seed %d%n", protocol, seed);
        String header =
                String.format(Locale.ROOT, "  %-16s %5s %9s %8s %8s", "method", "n", "PSNR dB", "SSIM", "DeltaE")
                        + (cad ? String.format(Locale.ROOT, " %7s %7s", "Dice", "edgeF1") : "")
                        + String.format(Locale.ROOT, " %12s", "ms/MP");
        for (String mod : modalities.keySet()) {
            out.println(mod);
            out.println(header);
            for (String method : methods) {
                printRow(out, method, mean(mod, method), null);
            }
        }
        out.println("average over modalities");
        out.println(header);
        for (String method : methods) {
            printRow(out, method, average(method), msPerMegapixel(method));
        }
    }

    private void printRow(PrintStream out, String method, Mean m, OptionalDouble ms) {
        if (m == null) {
            out.printf(Locale.ROOT, "  %-16s %5s%n", method, "-");
            return;
        }
        String timing = ms != null && ms.isPresent() ? String.format(Locale.ROOT, "%12.1f", ms.getAsDouble()) : "";
        String psnr = Double.isInfinite(m.psnr()) ? "inf" : String.format(Locale.ROOT, "%.3f", m.psnr());
        String agreement = cad ? String.format(Locale.ROOT, " %7.4f %7.4f", m.dice(), m.edgeF1()) : "";
        out.printf(
                Locale.ROOT,
                "  %-16s %5d %9s %8.4f %8.3f%s %s%n",
                method,
                m.n(),
                psnr,
                m.ssim(),
                m.deltaE(),
                agreement,
                timing);
    }
}
