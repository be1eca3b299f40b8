package org.deblurgateway.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated pictures: frames that can be told apart, a seeded radiograph, objects that carry them. */
class ScenesTest {

    @TempDir
    Path dir;

    @Test
    void distinctFrames_sixteenFrames_everyPairNearlyUncorrelatedAndCellsIn12Bits() {
        int rows = 96;
        int columns = 80;
        int[] cells = Scenes.distinctFrames(16, rows, columns, 1);

        assertEquals(16 * rows * columns, cells.length);
        assertTrue(Arrays.stream(cells).allMatch(v -> v >= 100 && v <= 3900), "cells 100..3900");
        int size = rows * columns;
        for (int a = 0; a < 16; a++) {
            for (int b = a + 1; b < 16; b++) {
                double r = correlation(cells, a * size, b * size, size);
                assertTrue(Math.abs(r) < 0.6, "frames " + a + " and " + b + " correlate at " + r);
            }
        }
        assertArrayEquals(cells, Scenes.distinctFrames(16, rows, columns, 1), "the same seed, the same frames");
    }

    @Test
    void blurredChestRadiograph_sameSeed_samePictureWithBodyDarkerLungsAndCollimator() {
        int[] cells = Scenes.blurredChestRadiograph(256, 1);

        assertArrayEquals(cells, Scenes.blurredChestRadiograph(256, 1));
        assertTrue(Arrays.stream(cells).allMatch(v -> v >= 0 && v <= 4095));
        int spine = cells[140 * 256 + 128];
        int lung = cells[115 * 256 + 82];
        int collimator = cells[128 * 256 + 2];
        assertTrue(spine > lung && lung > collimator, spine + " > " + lung + " > " + collimator);
    }

    @Test
    void writeDistinctFrames_fourFrames_multiFrameWordSecondaryCaptureWithItsCells() throws Exception {
        Path file = dir.resolve("multiframe.dcm");
        String uid = SyntheticSources.writeDistinctFrames(file, 4, 32, 48, 3);

        AttributeList list = new AttributeList();
        list.read(file.toFile());
        assertEquals(uid, Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID));
        assertEquals(
                SopClasses.MULTIFRAME_GRAYSCALE_WORD_SC,
                Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPClassUID));
        assertEquals(4, Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 0));
        assertEquals(12, Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsStored, 0));
        short[] words = list.getPixelData().getShortValues();
        int[] expected = Scenes.distinctFrames(4, 32, 48, 3);
        assertEquals(expected.length, words.length);
        for (int i = 0; i < words.length; i++) {
            assertEquals(expected[i], words[i] & 0xFFFF, "cell " + i);
        }
        assertEquals(null, list.get(TagFromName.LargestImagePixelValue), "no value that describes other cells");
    }

    private static double correlation(int[] cells, int a, int b, int n) {
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < n; i++) {
            meanA += cells[a + i];
            meanB += cells[b + i];
        }
        meanA /= n;
        meanB /= n;
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < n; i++) {
            double da = cells[a + i] - meanA;
            double db = cells[b + i] - meanB;
            ab += da * db;
            aa += da * da;
            bb += db * db;
        }
        return ab / Math.sqrt(aa * bb);
    }
}
