package org.deblurgateway.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.PushbackInputStream;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one reading of group 0002: where the data set starts, its syntax and SOP class, each length put to a rule. */
class FileMetaHeaderTest {

    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final FileMetaHeader.LengthRule ANY = (element, length, valueOffset) -> {};

    @Test
    void read_metaHeaderThenDataSet_offsetUidsAndStreamAtTheDataSet() throws Exception {
        byte[] meta = FileMetaInformation.bytes(CT, "2.25.1", TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, "MODALITY");
        byte[] file = concat(meta, new byte[] {0x08, 0x00, 0x16, 0x00});
        PushbackInputStream in = stream(file);

        FileMetaHeader header = FileMetaHeader.read(in, ANY).orElseThrow();

        assertEquals(meta.length, header.dataSetOffset());
        assertEquals(TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, header.transferSyntaxUid());
        assertEquals(CT, header.mediaStorageSopClassUid());
        assertEquals(0x08, in.read(), "the stream stands at the data set's first byte");
    }

    @Test
    void read_noDicmAfterThePreamble_empty() throws Exception {
        assertEquals(Optional.empty(), FileMetaHeader.read(stream(new byte[200]), ANY));
        assertEquals(Optional.empty(), FileMetaHeader.read(stream(new byte[20]), ANY));
    }

    @Test
    void read_cutInsideAnElement_eofException() throws Exception {
        byte[] meta = FileMetaInformation.bytes(CT, "2.25.1", TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, null);
        for (int cut : new int[] {FileMetaHeader.PREAMBLE_AND_PREFIX + 6, meta.length - 3}) {
            assertThrows(EOFException.class, () -> FileMetaHeader.read(stream(Arrays.copyOf(meta, cut)), ANY));
        }
    }

    @Test
    void read_ruleRefusesALength_itsExceptionWithElementAndWhereTheValueStarts() throws Exception {
        byte[] meta = FileMetaInformation.bytes(CT, "2.25.1", TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, null);
        MalformedDataSetException refused = assertThrows(
                MalformedDataSetException.class,
                () -> FileMetaHeader.read(stream(meta), (element, length, valueOffset) -> {
                    if (element == 0x0010) {
                        throw new MalformedDataSetException(element + "/" + length + "/" + valueOffset);
                    }
                }));
        assertTrue(refused.getMessage().startsWith("16/20/"), refused.getMessage());
    }

    private static PushbackInputStream stream(byte[] bytes) {
        return new PushbackInputStream(new ByteArrayInputStream(bytes), 4);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
