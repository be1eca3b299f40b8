package org.deblurgateway.model.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.deblurgateway.model.metrics.ImageQuality;

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

/**
 * Accumulates per-image metrics and method timings, and writes the evaluation report (JSON and a text table).
 *
 * <p>"average" is the mean over modalities of the per-modality means (each modality counts once, whatever its
 * image count). Timing is the summed wall time of a method over all images divided by the megapixels processed.
 */
public final class EvalReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String protocol;
    private final long seed;
    private final List<String> methods;
    private final Map<String, Map<String, Sums>> modalities = new TreeMap<>();
    private final Map<String, long[]> nanos = new LinkedHashMap<>();
    private final Map<String, double[]> megapixels = new LinkedHashMap<>();

    /** Running sums for one (modality, method). */
    private static final class Sums {
        int n;
        double psnr;
        double ssim;
        double deltaE;
    }

    /** Mean metrics of one (modality, method). */
    public record Mean(int n, double psnr, double ssim, double deltaE) {
    }

    public EvalReport(String protocol, long seed, List<String> methods) {
        this.protocol = protocol;
        this.seed = seed;
        this.methods = List.copyOf(methods);
        for (String m : methods) {
            nanos.put(m, new long[1]);
            megapixels.put(m, new double[1]);
        }
    }

    /** Adds one image's result for one method: its quality and the method's wall time on it. */
    public synchronized void add(String modality, String method, ImageQuality q, long wallNanos, double mp) {
        Sums s = modalities.computeIfAbsent(modality, k -> new LinkedHashMap<>())
                .computeIfAbsent(method, k -> new Sums());
        s.n++;
        s.psnr += q.psnr();
        s.ssim += q.ssim();
        s.deltaE += q.deltaE();
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
        return new Mean(s.n, s.psnr / s.n, s.ssim / s.n, s.deltaE / s.n);
    }

    /** Mean over modalities of the per-modality means. */
    public synchronized Mean average(String method) {
        int k = 0;
        int n = 0;
        double p = 0;
        double s = 0;
        double d = 0;
        for (String mod : modalities.keySet()) {
            Mean m = mean(mod, method);
            if (m != null) {
                k++;
                n += m.n();
                p += m.psnr();
                s += m.ssim();
                d += m.deltaE();
            }
        }
        return k == 0 ? null : new Mean(n, p / k, s / k, d / k);
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
        String header = String.format(Locale.ROOT, "  %-16s %5s %9s %8s %8s %12s", "method", "n", "PSNR dB", "SSIM",
                "DeltaE", "ms/MP");
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

    private static void printRow(PrintStream out, String method, Mean m, OptionalDouble ms) {
        if (m == null) {
            out.printf(Locale.ROOT, "  %-16s %5s%n", method, "-");
            return;
        }
        String timing = ms != null && ms.isPresent() ? String.format(Locale.ROOT, "%12.1f", ms.getAsDouble()) : "";
        out.printf(Locale.ROOT, "  %-16s %5d %9.3f %8.4f %8.3f %s%n", method, m.n(), m.psnr(), m.ssim(), m.deltaE(),
                timing);
    }
}
