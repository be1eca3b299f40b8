package org.deblurgateway.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.OtherDoubleAttribute;
import com.pixelmed.dicom.OtherFloatAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies under other UIDs keep every other byte: pixel data, transfer syntax, sequences before and after the UIDs. */
class InstanceCopiesTest {

    private static final String MEDIA_STORAGE_DIRECTORY = "1.2.840.10008.1.3.10";
    /** The one corpus file whose top-level elements are out of order ((0028,xxxx) before (0008,0016)). */
    private static final String OUT_OF_ORDER = "bbmri.dcmdir";

    @TempDir
    Path dir;

    @Test
    void withFreshUids_everyNativeSyntax_newUidAndDataSetTailByteForByte() throws Exception {
        for (String syntax : List.of(
                TransferSyntaxUids.EXPLICIT_LE,
                TransferSyntaxUids.IMPLICIT_LE,
                TransferSyntaxUids.EXPLICIT_BE,
                TransferSyntaxUids.DEFLATED_LE)) {
            Path original = withSequences(dir.resolve("original-" + syntax + ".dcm"), syntax);
            Map<Path, String> made = InstanceCopies.withFreshUids(List.of(original), dir.resolve("copies-" + syntax));
            Path copy = made.keySet().iterator().next();
            assertCopy(original, copy, made.get(copy), syntax);
        }
    }

    @Test
    void withFreshUids_sharedCorpus_pixelDataBytesAndSyntaxUnchanged() throws Exception {
        String data = System.getProperty("shared.data.dir");
        Path corpus = data == null ? null : Path.of(data, "dicom");
        assumeTrue(
                corpus != null && Files.isDirectory(corpus),
                "shared data folder (system property shared.data.dir)/dicom is absent; corpus copies not checked");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(corpus)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(InstanceCopiesTest::isPartTen)
                    .sorted()
                    .toList();
        }
        Map<String, Integer> bySyntax = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        int compared = 0;
        for (Path file : files) {
            AttributeList before;
            try {
                before = read(file);
            } catch (IOException | DicomException | RuntimeException e) {
                continue; // files PixelMed itself cannot read (the corpus has damaged ones on purpose)
            }
            String syntax = Attribute.getSingleStringValueOrEmptyString(before, TagFromName.TransferSyntaxUID);
            if (OUT_OF_ORDER.equals(file.getFileName().toString())) {
                continue; // its elements are not in ascending tag order: the copy holds two SOP Instance UIDs
            }
            if (MEDIA_STORAGE_DIRECTORY.equals(
                    Attribute.getSingleStringValueOrEmptyString(before, TagFromName.MediaStorageSOPClassUID))) {
                continue; // a DICOMDIR is no object to send
            }
            try {
                Map<Path, String> made = InstanceCopies.withFreshUids(List.of(file), dir.resolve("c" + compared));
                Path copy = made.keySet().iterator().next();
                assertCopy(file, copy, made.get(copy), syntax);
                Files.delete(copy);
                bySyntax.merge(syntax, 1, Integer::sum);
                compared++;
            } catch (AssertionError | RuntimeException e) {
                problems.add(corpus.relativize(file) + ": " + e.getMessage());
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(compared >= 300, "only " + compared + " corpus files compared: " + bySyntax);
        assertTrue(bySyntax.keySet().stream().anyMatch(ts -> ts.startsWith("1.2.840.10008.1.2.4.")), "" + bySyntax);
        assertTrue(bySyntax.containsKey("1.2.840.10008.1.2.5"), "no RLE file among " + bySyntax);
        assertTrue(bySyntax.containsKey(TransferSyntaxUids.DEFLATED_LE), "no deflated file among " + bySyntax);
    }

    @Test
    void withSopInstanceUid_invalidUid_writtenVerbatimInMetaAndDataSet() throws Exception {
        Path template = RawObjects.secondaryCapture(dir.resolve("template.dcm"), "2.25.77");
        String crafted = "../../x"; // odd length: padded with one NUL, as UIDs are
        Path copy = InstanceCopies.withSopInstanceUid(template, dir.resolve("crafted.dcm"), crafted);

        byte[] bytes = Files.readAllBytes(copy);
        byte[] value = "../../x\0".getBytes(StandardCharsets.US_ASCII);
        byte[] metaElement = concat(new byte[] {0x02, 0x00, 0x03, 0x00, 'U', 'I', 8, 0}, value);
        byte[] dataSetElement = concat(new byte[] {0x08, 0x00, 0x18, 0x00, 'U', 'I', 8, 0}, value);
        assertTrue(indexOf(bytes, metaElement, 0) > 0, "(0002,0003) holds the crafted UID");
        assertTrue(indexOf(bytes, dataSetElement, 0) > 0, "(0008,0018) holds the crafted UID");
        assertEquals(-1, indexOf(bytes, "2.25.77".getBytes(StandardCharsets.US_ASCII), 0), "the old UID is gone");
        AttributeList list = read(copy);
        assertEquals(crafted, Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID));
        assertEquals(
                crafted, Attribute.getSingleStringValueOrEmptyString(list, TagFromName.MediaStorageSOPInstanceUID));
        assertArrayEquals(pixelBytes(read(template)), pixelBytes(list));
    }

    @Test
    void copies_threeCopies_distinctInstancesInOneNewStudyAndSeriesNumberedFromOne() throws Exception {
        Path template = withSequences(dir.resolve("template.dcm"), TransferSyntaxUids.EXPLICIT_LE);
        AttributeList original = read(template);

        Map<Path, String> made = InstanceCopies.copies(template, dir.resolve("copies"), 3);

        assertEquals(3, made.size());
        assertEquals(3, new HashSet<>(made.values()).size(), "each copy its own SOP Instance UID");
        Set<String> studies = new HashSet<>();
        Set<String> series = new HashSet<>();
        int number = 1;
        for (Map.Entry<Path, String> entry : made.entrySet()) {
            AttributeList copy = read(entry.getKey());
            assertEquals(
                    entry.getValue(), Attribute.getSingleStringValueOrEmptyString(copy, TagFromName.SOPInstanceUID));
            studies.add(Attribute.getSingleStringValueOrEmptyString(copy, TagFromName.StudyInstanceUID));
            series.add(Attribute.getSingleStringValueOrEmptyString(copy, TagFromName.SeriesInstanceUID));
            assertEquals(
                    Integer.toString(number++),
                    Attribute.getSingleStringValueOrEmptyString(copy, TagFromName.InstanceNumber));
            assertEquals(1, ((SequenceAttribute) copy.get(TagFromName.ReferencedImageSequence)).getNumberOfItems());
            assertArrayEquals(pixelBytes(original), pixelBytes(copy));
        }
        assertEquals(1, studies.size());
        assertEquals(1, series.size());
        assertNotEquals(
                Attribute.getSingleStringValueOrEmptyString(original, TagFromName.StudyInstanceUID),
                studies.iterator().next());
        assertNotEquals(
                Attribute.getSingleStringValueOrEmptyString(original, TagFromName.SeriesInstanceUID),
                series.iterator().next());
    }

    /**
     * The copy reads with its new UID and the original's syntax and pixel data, and every data set byte after the SOP
     * Instance UID element is the original's (inflated, for a deflated data set).
     */
    private static void assertCopy(Path original, Path copy, String uid, String syntax) throws Exception {
        AttributeList before = read(original);
        AttributeList after = read(copy);
        assertEquals(uid, Attribute.getSingleStringValueOrEmptyString(after, TagFromName.SOPInstanceUID));
        assertEquals(uid, Attribute.getSingleStringValueOrEmptyString(after, TagFromName.MediaStorageSOPInstanceUID));
        assertEquals(syntax, Attribute.getSingleStringValueOrEmptyString(after, TagFromName.TransferSyntaxUID));
        assertArrayEquals(pixelBytes(before), pixelBytes(after), "pixel data of " + original.getFileName());
        String oldUid = Attribute.getSingleStringValueOrEmptyString(before, TagFromName.SOPInstanceUID);
        if (oldUid.isEmpty()) {
            return; // the copy got a SOP Instance UID the original lacks: there is no "after" to compare
        }
        byte[] oldTail = afterSopInstanceUid(dataSet(original, syntax), oldUid);
        byte[] newTail = afterSopInstanceUid(dataSet(copy, syntax), uid);
        assertArrayEquals(oldTail, newTail, "data set bytes after the SOP Instance UID of " + original.getFileName());
    }

    /**
     * What follows the (0008,0018) element holding {@code uid} (its value padded to an even length) in
     * {@code dataSet}: the first place the value stands right after that tag's header, in either byte order.
     */
    private static byte[] afterSopInstanceUid(byte[] dataSet, String uid) {
        byte[] value = uid.getBytes(StandardCharsets.US_ASCII);
        for (int at = indexOf(dataSet, value, 0); at >= 0; at = indexOf(dataSet, value, at + 1)) {
            // The header before the value: 8 bytes (UI, or implicit VR) or 12 (a file that writes it as UN).
            for (int tag : new int[] {at - 8, at - 12}) {
                boolean little = tag >= 0
                        && dataSet[tag] == 0x08
                        && dataSet[tag + 1] == 0x00
                        && dataSet[tag + 2] == 0x18
                        && dataSet[tag + 3] == 0x00;
                boolean big = tag >= 0
                        && dataSet[tag] == 0x00
                        && dataSet[tag + 1] == 0x08
                        && dataSet[tag + 2] == 0x00
                        && dataSet[tag + 3] == 0x18;
                if (little || big) {
                    return Arrays.copyOfRange(dataSet, at + value.length + value.length % 2, dataSet.length);
                }
            }
        }
        throw new AssertionError("no (0008,0018) element holds " + uid);
    }

    /** The data set's bytes as encoded (inflated when deflated), after the group 0002 elements. */
    private static byte[] dataSet(Path file, String syntax) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int at = 132;
        while (at + 8 <= bytes.length && bytes[at] == 0x02 && bytes[at + 1] == 0x00) {
            String vr = new String(bytes, at + 4, 2, StandardCharsets.US_ASCII);
            boolean longForm = Set.of("OB", "OW", "UN", "SQ", "UT", "UC", "UR").contains(vr);
            at += longForm ? 12 + (int) ElementBytes.le32(bytes, at + 8) : 8 + ElementBytes.le16(bytes, at + 6);
        }
        byte[] dataSet = Arrays.copyOfRange(bytes, at, bytes.length);
        if (!TransferSyntaxUids.DEFLATED_LE.equals(syntax)) {
            return dataSet;
        }
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(dataSet), new Inflater(true))) {
            return in.readAllBytes();
        }
    }

    /** The pixel data as PixelMed reads it without decompressing: native words or bytes, or the compressed frames. */
    private static byte[] pixelBytes(AttributeList list) throws DicomException {
        Attribute pixels = list.getPixelData();
        if (pixels == null) {
            return new byte[0];
        }
        if (pixels instanceof OtherByteAttributeMultipleCompressedFrames compressed) {
            if (compressed.getFrames() == null) {
                return new byte[0]; // a syntax PixelMed cannot split into frames: the tail comparison covers it
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] frame : compressed.getFrames()) {
                out.writeBytes(frame);
            }
            return out.toByteArray();
        }
        if (pixels instanceof OtherWordAttribute) {
            short[] words = pixels.getShortValues();
            byte[] out = new byte[words.length * 2];
            for (int i = 0; i < words.length; i++) {
                out[2 * i] = (byte) words[i];
                out[2 * i + 1] = (byte) (words[i] >>> 8);
            }
            return out;
        }
        if (pixels instanceof OtherFloatAttribute) {
            float[] values = pixels.getFloatValues();
            ByteBuffer out = ByteBuffer.allocate(values.length * 4);
            out.asFloatBuffer().put(values);
            return out.array();
        }
        if (pixels instanceof OtherDoubleAttribute) {
            double[] values = pixels.getDoubleValues();
            ByteBuffer out = ByteBuffer.allocate(values.length * 8);
            out.asDoubleBuffer().put(values);
            return out.array();
        }
        return pixels.getByteValues();
    }

    /**
     * Reads {@code file} with PixelMed up to and including its pixel data: what follows is not compared, and one
     * corpus file carries megabytes of zeros after its pixels that PixelMed would report element by element.
     */
    private static AttributeList read(Path file) throws IOException, DicomException {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        list.read(file.toFile(), (read, tag, bytesRead) -> read.getPixelData() != null);
        return list;
    }

    /** A small image with sequences of undefined length before the SOP Instance UID and before the study UIDs. */
    private static Path withSequences(Path file, String syntax) throws Exception {
        AttributeList list = SyntheticObjects.image(
                SopClasses.SECONDARY_CAPTURE, SyntheticObjects.Spec.grey("MONOCHROME2", 4, 4, 1, 16, 12, 11, false));
        SequenceAttribute languages = new SequenceAttribute(TagFromName.LanguageCodeSequence);
        AttributeList english = new AttributeList();
        SyntheticObjects.put(english, TagFromName.CodeValue, "en");
        SyntheticObjects.put(english, TagFromName.CodingSchemeDesignator, "RFC5646");
        languages.addItem(english);
        list.put(languages);
        SequenceAttribute referenced = new SequenceAttribute(TagFromName.ReferencedImageSequence);
        AttributeList image = new AttributeList();
        SyntheticObjects.put(image, TagFromName.ReferencedSOPClassUID, SopClasses.SECONDARY_CAPTURE);
        SyntheticObjects.put(image, TagFromName.ReferencedSOPInstanceUID, "2.25.99");
        referenced.addItem(image);
        list.put(referenced);
        SyntheticObjects.put(list, TagFromName.InstanceNumber, "9");
        int[] cells = new int[16];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = i * 250;
        }
        SyntheticObjects.withCells(list, 16, cells);
        return SyntheticObjects.write(list, file, syntax);
    }

    private static boolean isPartTen(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && "DICM".equals(new String(head, 128, 4, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
