package org.deblurgateway.dicom.fuzz;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.deblurgateway.dicom.DataSetReader;
import org.deblurgateway.dicom.DataSetSummary;
import org.deblurgateway.dicom.TransferSyntaxes;
import org.deblurgateway.testsupport.RawObjects;
import org.deblurgateway.testsupport.SopClasses;
import org.deblurgateway.testsupport.SyntheticObjects;

/**
 * The inputs mutations start from: every file of the shared corpus ({@code dicom/} and {@code dicom-bad/}) up to a
 * size cap, plus objects generated here (so a run without the shared data still has native, big-endian, deflated
 * and encapsulated seeds). Each seed knows where its data set starts and in which transfer syntax, and the SOP
 * Class / Instance UIDs a C-STORE of it announces.
 */
final class Seeds {

    /** One starting input. */
    record Seed(
            String name,
            byte[] file,
            int dataSetOffset,
            String transferSyntax,
            String sopClassUid,
            String sopInstanceUid) {

        byte[] dataSet() {
            return Arrays.copyOfRange(file, dataSetOffset, file.length);
        }
    }

    /** Seeds and what was left out. */
    record Corpus(List<Seed> seeds, int sharedFiles, int generated, int skippedTooLarge, String note) {}

    private static final String PLACEHOLDER_CLASS = SopClasses.SECONDARY_CAPTURE;

    private Seeds() {}

    /**
     * @param sharedData the shared data folder (its {@code dicom} and {@code dicom-bad} are read), or null
     * @param maxBytes   files larger than this are left out (counted), so one case stays cheap
     * @param scratch    where generated seeds are written
     */
    static Corpus load(Path sharedData, int maxBytes, Path scratch) throws IOException {
        List<Seed> seeds = new ArrayList<>();
        int skipped = 0;
        int shared = 0;
        String note;
        if (sharedData != null && Files.isDirectory(sharedData.resolve("dicom"))) {
            for (String folder : List.of("dicom", "dicom-bad")) {
                Path root = sharedData.resolve(folder);
                if (!Files.isDirectory(root)) {
                    continue;
                }
                List<Path> files;
                try (Stream<Path> walk = Files.walk(root)) {
                    files = walk.filter(Files::isRegularFile)
                            .sorted(Comparator.comparing(Path::toString))
                            .toList();
                }
                for (Path file : files) {
                    if (Files.size(file) > maxBytes) {
                        skipped++;
                        continue;
                    }
                    seeds.add(of(folder + "/" + root.relativize(file), file));
                    shared++;
                }
            }
            note = "shared corpus " + sharedData + " (dicom/, dicom-bad/)";
        } else {
            note = "shared data folder absent (" + sharedData + "): generated seeds only";
        }
        int generated = 0;
        Files.createDirectories(scratch);
        for (Path file : generate(scratch)) {
            seeds.add(of("generated/" + file.getFileName(), file));
            generated++;
        }
        return new Corpus(List.copyOf(seeds), shared, generated, skipped, note);
    }

    private static List<Path> generate(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(RawObjects.secondaryCapture(dir.resolve("raw-sc.dcm"), "2.25.9001"));
        try {
            SyntheticObjects.Spec grey = SyntheticObjects.Spec.grey("MONOCHROME2", 16, 12, 2, 16, 12, 11, false);
            for (String ts : List.of(
                    TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN,
                    TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN,
                    TransferSyntaxes.EXPLICIT_VR_BIG_ENDIAN,
                    TransferSyntaxes.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN)) {
                AttributeList list = SyntheticObjects.image(SopClasses.MULTIFRAME_GRAYSCALE_WORD_SC, grey);
                files.add(SyntheticObjects.write(list, dir.resolve("grey16-" + ts + ".dcm"), ts));
            }
            SyntheticObjects.Spec rgb = SyntheticObjects.Spec.colour("RGB", 8, 8, 1, 8, 1);
            files.add(SyntheticObjects.write(
                    SyntheticObjects.image(SopClasses.SECONDARY_CAPTURE, rgb),
                    dir.resolve("rgb8-planar.dcm"),
                    TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN));
            SyntheticObjects.Spec ybr = SyntheticObjects.Spec.colour("YBR_FULL_422", 4, 8, 1, 8, 0);
            files.add(SyntheticObjects.write(
                    SyntheticObjects.image(SopClasses.SECONDARY_CAPTURE, ybr),
                    dir.resolve("ybr422.dcm"),
                    TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN));
            AttributeList encapsulated = SyntheticObjects.object(SopClasses.SECONDARY_CAPTURE);
            files.add(SyntheticObjects.writeEncapsulated(
                    encapsulated, dir.resolve("jpeg-fragment.dcm"), "1.2.840.10008.1.2.4.70", new byte[] {
                        (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9
                    }));
        } catch (DicomException e) {
            throw new IOException("generated seed cannot be written: " + e.getMessage(), e);
        }
        return files;
    }

    /** Reads a seed: its meta header (when it has one) says where the data set starts and how it is encoded. */
    private static Seed of(String name, Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int offset = 0;
        String ts = TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN;
        if (bytes.length >= 132 && "DICM".equals(new String(bytes, 128, 4, StandardCharsets.US_ASCII))) {
            int at = 132;
            while (at + 8 <= bytes.length && u16(bytes, at) == 0x0002) {
                int element = u16(bytes, at + 2);
                String vr = new String(bytes, at + 4, 2, StandardCharsets.US_ASCII);
                long length;
                int header;
                if (vr.equals("OB") || vr.equals("UN") || vr.equals("UT") || vr.equals("SQ")) {
                    if (at + 12 > bytes.length) {
                        break;
                    }
                    length = u32(bytes, at + 8);
                    header = 12;
                } else {
                    length = u16(bytes, at + 6);
                    header = 8;
                }
                if (at + header + length > bytes.length) {
                    break;
                }
                if (element == 0x0010) {
                    ts = new String(bytes, at + header, (int) length, StandardCharsets.US_ASCII)
                            .replace("\0", "")
                            .trim();
                }
                at += header + (int) length;
            }
            offset = at;
        }
        String sopClass = PLACEHOLDER_CLASS;
        String sopInstance = "2.25.1" + Math.abs((long) name.hashCode());
        try {
            DataSetSummary summary = DataSetReader.read(file, offset, ts);
            if (!summary.sopClassUid().isEmpty()) {
                sopClass = summary.sopClassUid();
            }
            if (!summary.sopInstanceUid().isEmpty()) {
                sopInstance = summary.sopInstanceUid();
            }
        } catch (Exception e) {
            // A broken seed is still a seed: its C-STORE announces placeholder UIDs.
        }
        return new Seed(name, bytes, offset, ts, sopClass, sopInstance);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8);
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | ((b[at + 1] & 0xFFL) << 8) | ((b[at + 2] & 0xFFL) << 16) | ((b[at + 3] & 0xFFL) << 24);
    }
}
