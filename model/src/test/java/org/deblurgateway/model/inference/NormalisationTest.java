package org.deblurgateway.model.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deblurgateway.model.image.Frame;
import org.junit.jupiter.api.Test;

class NormalisationTest {

    @Test
    void of_unsigned8Bit_usesFullTypeRange() {
        Normalisation n = Normalisation.of(new Frame(2, 1, 1, 8, false, new int[] {10, 20}));
        assertEquals(0.0, n.offset());
        assertEquals(255.0, n.scale());
        assertEquals(1f, n.forward(255));
    }

    @Test
    void of_signed8Bit_mapsTypeRangeToUnitInterval() {
        Normalisation n = Normalisation.of(new Frame(2, 1, 1, 8, true, new int[] {-3, 4}));
        assertEquals(0f, n.forward(-128));
        assertEquals(1f, n.forward(127));
    }

    @Test
    void of_16BitFrame_usesFrameMinMax() {
        Normalisation n = Normalisation.of(new Frame(3, 1, 1, 16, true, new int[] {-2000, 0, 3000}));
        assertEquals(0f, n.forward(-2000));
        assertEquals(1f, n.forward(3000));
        assertEquals(0.4f, n.forward(0), 1e-7);
    }

    @Test
    void inverse_everyValueOfEveryType_roundTripsExactly() {
        int[][] types = {{8, 0}, {8, 1}, {12, 0}, {16, 0}, {16, 1}};
        for (int[] t : types) {
            Frame f = new Frame(2, 1, 1, t[0], t[1] == 1, new int[2]);
            int min = f.minValue();
            int max = f.maxValue();
            Normalisation n = Normalisation.of(new Frame(2, 1, 1, t[0], t[1] == 1, new int[] {min, max}));
            for (int v = min; v <= max; v++) {
                assertEquals(v, n.inverse(n.forward(v), min, max), "bits " + t[0] + " signed " + t[1]);
            }
        }
    }

    @Test
    void inverse_outOfRangeOutput_clampsToFrameRange() {
        Normalisation n = new Normalisation(100, 50);
        assertEquals(150, n.inverse(1.7f, 0, 65535));
        assertEquals(100, n.inverse(-0.2f, 0, 65535));
        assertEquals(255, new Normalisation(0, 300).inverse(1f, 0, 255));
    }

    @Test
    void of_constantDeepFrame_returnsTheConstant() {
        Normalisation n = Normalisation.of(new Frame(2, 1, 1, 16, false, new int[] {777, 777}));
        assertEquals(0f, n.forward(777));
        assertEquals(777, n.inverse(0.6f, 0, 65535));
    }
}
