package org.deblurgateway.model.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A {@code min-blur-score} and its two error rates on measured scores: a rule deblurs an image whose score is at
 * least the threshold, so a sharp image at or above it is deblurred needlessly ({@code falseDeblur}) and a blurred
 * image below it goes out still blurred ({@code missed}).
 *
 * @param threshold   the min-blur-score
 * @param falseDeblur share of sharp images it would deblur
 * @param missed      share of blurred images it would let through
 */
record BlurThreshold(double threshold, double falseDeblur, double missed) {

    /** The mean of the two rates: each class counts alike, whatever its image count. */
    double balancedError() {
        return (falseDeblur + missed) / 2;
    }

    /** The two rates at {@code threshold}, averaged over the groups (each modality counts once). */
    static BlurThreshold at(double threshold, Collection<BlurScoreSurvey.ModalityScores> groups) {
        double falseDeblur = 0;
        double missed = 0;
        for (BlurScoreSurvey.ModalityScores g : groups) {
            falseDeblur += share(g.sharp(), threshold, true);
            missed += share(g.blurred(), threshold, false);
        }
        return new BlurThreshold(threshold, falseDeblur / groups.size(), missed / groups.size());
    }

    /**
     * The threshold, on a grid of {@code step} (what a rules file would carry), with the lowest balanced error over
     * the groups; among equal errors the highest, which leaves more sharp images alone.
     */
    static BlurThreshold best(Collection<BlurScoreSurvey.ModalityScores> groups, double step) {
        TreeSet<Double> candidates = new TreeSet<>();
        for (BlurScoreSurvey.ModalityScores g : groups) {
            List<Double> all = new ArrayList<>(g.sharp());
            all.addAll(g.blurred());
            for (double s : all) {
                // a score s is separated from its neighbours by the grid values around it
                candidates.add(Math.floor(s / step) * step);
                candidates.add(Math.ceil(s / step) * step);
            }
        }
        BlurThreshold best = null;
        for (double t : candidates) {
            BlurThreshold c = at(round(t, step), groups);
            if (best == null || c.balancedError() <= best.balancedError()) {
                best = c;
            }
        }
        return best;
    }

    private static double round(double t, double step) {
        return Math.round(t / step) * step;
    }

    private static double share(List<Double> scores, double threshold, boolean atOrAbove) {
        if (scores.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (double s : scores) {
            if ((s >= threshold) == atOrAbove) {
                n++;
            }
        }
        return (double) n / scores.size();
    }
}
