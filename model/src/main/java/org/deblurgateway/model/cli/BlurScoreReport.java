package org.deblurgateway.model.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The blur-score distributions of {@link BlurScoreSurvey} and the thresholds chosen from them: per modality its own
 * best {@code min-blur-score}, and one for all modalities together (each counting once), with both error rates of
 * that one in every modality.
 */
final class BlurScoreReport {

    /** Grid of the thresholds considered: a rules file carries two decimals. */
    static final double STEP = 0.01;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String protocol;
    private final long seed;
    private final Map<String, BlurScoreSurvey.ModalityScores> scores;
    private final BlurThreshold overall;

    BlurScoreReport(String protocol, long seed, Map<String, BlurScoreSurvey.ModalityScores> scores) {
        this.protocol = protocol;
        this.seed = seed;
        this.scores = scores;
        this.overall = BlurThreshold.best(scores.values(), STEP);
    }

    ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("protocol", protocol);
        root.put("seed", seed);
        root.put("measure", "blur-effect Crete 2007 (skimage.measure.blur_effect), 0 sharp .. 1 blurred");
        root.put("rule", "deblur when score >= min-blur-score");
        ObjectNode mods = root.putObject("modalities");
        for (Map.Entry<String, BlurScoreSurvey.ModalityScores> e : scores.entrySet()) {
            ObjectNode m = mods.putObject(e.getKey());
            m.put("n", e.getValue().sharp().size());
            putSummary(m.putObject("sharp"), e.getValue().sharp());
            putSummary(m.putObject("blurred"), e.getValue().blurred());
            putThreshold(m.putObject("own_threshold"), BlurThreshold.best(List.of(e.getValue()), STEP));
            putThreshold(
                    m.putObject("at_overall_threshold"), BlurThreshold.at(overall.threshold(), List.of(e.getValue())));
            putScores(m.putArray("sharp_scores"), e.getValue().sharp());
            putScores(m.putArray("blurred_scores"), e.getValue().blurred());
        }
        putThreshold(root.putObject("overall_threshold"), overall);
        return root;
    }

    private static void putSummary(ObjectNode o, List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        o.put("min", round(s.get(0)));
        o.put("p05", round(quantile(s, 0.05)));
        o.put("median", round(quantile(s, 0.5)));
        o.put("p95", round(quantile(s, 0.95)));
        o.put("max", round(s.get(s.size() - 1)));
    }

    private static void putThreshold(ObjectNode o, BlurThreshold t) {
        o.put("min_blur_score", Math.round(t.threshold() / STEP) / 100.0);
        o.put("sharp_deblurred", round(t.falseDeblur()));
        o.put("blurred_missed", round(t.missed()));
    }

    private static void putScores(ArrayNode a, List<Double> values) {
        values.forEach(v -> a.add(round(v)));
    }

    /** Linear interpolation between order statistics (numpy's default). */
    private static double quantile(List<Double> sorted, double q) {
        double pos = q * (sorted.size() - 1);
        int i = (int) Math.floor(pos);
        if (i + 1 >= sorted.size()) {
            return sorted.get(sorted.size() - 1);
        }
        return sorted.get(i) + (sorted.get(i + 1) - sorted.get(i)) * (pos - i);
    }

    private static double round(double v) {
        return Math.round(v * 1e5) / 1e5;
    }

    void write(Path out) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        JSON.writeValue(out.toFile(), toJson());
    }

    void printTable(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "blur score, protocol %s, seed %d: sharp vs blurred (min / median / max)%n",
                protocol,
                seed);
        out.printf(
                Locale.ROOT,
                "  %-12s %4s %-22s %-22s %-24s %s%n",
                "modality",
                "n",
                "sharp",
                "blurred",
                "own threshold (FD/miss)",
                String.format(Locale.ROOT, "at %.2f (FD/miss)", overall.threshold()));
        for (Map.Entry<String, BlurScoreSurvey.ModalityScores> e : scores.entrySet()) {
            BlurThreshold own = BlurThreshold.best(List.of(e.getValue()), STEP);
            BlurThreshold at = BlurThreshold.at(overall.threshold(), List.of(e.getValue()));
            out.printf(
                    Locale.ROOT,
                    "  %-12s %4d %-22s %-22s %.2f (%5.1f%% / %5.1f%%)    %5.1f%% / %5.1f%%%n",
                    e.getKey(),
                    e.getValue().sharp().size(),
                    summary(e.getValue().sharp()),
                    summary(e.getValue().blurred()),
                    own.threshold(),
                    100 * own.falseDeblur(),
                    100 * own.missed(),
                    100 * at.falseDeblur(),
                    100 * at.missed());
        }
        out.printf(
                Locale.ROOT,
                "overall min-blur-score %.2f: sharp deblurred %.1f%%, blurred missed %.1f%% "
                        + "(mean over modalities)%n",
                overall.threshold(),
                100 * overall.falseDeblur(),
                100 * overall.missed());
    }

    private static String summary(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return String.format(Locale.ROOT, "%.3f / %.3f / %.3f", s.get(0), quantile(s, 0.5), s.get(s.size() - 1));
    }
}
