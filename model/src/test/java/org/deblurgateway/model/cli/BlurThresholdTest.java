package org.deblurgateway.model.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlurThresholdTest {

    private static BlurScoreSurvey.ModalityScores scores(List<Double> sharp, List<Double> blurred) {
        return new BlurScoreSurvey.ModalityScores(sharp, blurred);
    }

    @Test
    void best_separableScores_noErrorAndThresholdBetweenThem() {
        BlurThreshold t =
                BlurThreshold.best(List.of(scores(List.of(0.21, 0.25, 0.30), List.of(0.42, 0.5, 0.61))), 0.01);
        assertEquals(0.0, t.falseDeblur());
        assertEquals(0.0, t.missed());
        // among the error-free thresholds (0.31 .. 0.42) the highest
        assertEquals(0.42, t.threshold(), 1e-12);
    }

    @Test
    void at_overlappingScores_countsBothErrorsPerModalityThenAverages() {
        BlurScoreSurvey.ModalityScores a = scores(List.of(0.2, 0.3, 0.4, 0.5), List.of(0.35, 0.6));
        BlurScoreSurvey.ModalityScores b = scores(List.of(0.1), List.of(0.2, 0.3));
        BlurThreshold t = BlurThreshold.at(0.4, List.of(a, b));
        // a: sharp 0.4 and 0.5 deblurred (2/4), blurred 0.35 missed (1/2); b: none deblurred, both missed
        assertEquals((0.5 + 0.0) / 2, t.falseDeblur(), 1e-12);
        assertEquals((0.5 + 1.0) / 2, t.missed(), 1e-12);
        BlurThreshold best = BlurThreshold.best(List.of(a, b), 0.01);
        assertTrue(best.balancedError() < t.balancedError(), best + " vs " + t);
    }
}
