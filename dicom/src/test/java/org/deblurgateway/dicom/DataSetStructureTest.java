package org.deblurgateway.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DataSetStructureTest {

    /** (0008,0018) UI, then an undefined-length SQ with one undefined-length item, then OB pixel data. */
    private static byte[] dataSet() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0x08, 0, 0x18, 0, 'U', 'I', 4, 0, '1', '.', '2', 0});
        b.writeBytes(new byte[] {0x08, 0, 0x15, 0x11, 'S', 'Q', 0, 0, -1, -1, -1, -1});
        b.writeBytes(new byte[] {-2, -1, 0, -32, -1, -1, -1, -1}); // item, undefined length
        b.writeBytes(new byte[] {0x08, 0, 0x50, 0x11, 'U', 'I', 2, 0, '1', 0});
        b.writeBytes(new byte[] {-2, -1, 0x0D, -32, 0, 0, 0, 0}); // item delimiter
        b.writeBytes(new byte[] {-2, -1, -35, -32, 0, 0, 0, 0}); // sequence delimiter
        b.writeBytes(new byte[] {-32, 0x7F, 0x10, 0, 'O', 'B', 0, 0, 8, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8});
        return b.toByteArray();
    }

    @Test
    void check_completeDataSet_countsTopLevelElements() throws Exception {
        assertEquals(
                3,
                DataSetStructure.check(new ByteArrayInputStream(dataSet()), TransferSyntaxes.Encoding.EXPLICIT_LITTLE));
    }

    @Test
    void check_truncatedPixelData_throws() {
        byte[] full = dataSet();
        byte[] cut = Arrays.copyOf(full, full.length - 3);
        assertThrows(
                MalformedDataSetException.class,
                () -> DataSetStructure.check(new ByteArrayInputStream(cut), TransferSyntaxes.Encoding.EXPLICIT_LITTLE));
    }

    @Test
    void check_garbage_throws() {
        byte[] garbage = "this is not DICOM at all, just text".getBytes();
        assertThrows(
                MalformedDataSetException.class,
                () -> DataSetStructure.check(
                        new ByteArrayInputStream(garbage), TransferSyntaxes.Encoding.EXPLICIT_LITTLE));
    }
}
