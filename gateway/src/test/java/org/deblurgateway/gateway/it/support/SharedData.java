package org.deblurgateway.gateway.it.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The shared data folder (../shared/data, passed as system property {@code shared.data.dir}); every accessor skips the
 * calling test with a clear message when the folder is absent.
 */
public final class SharedData {

    private SharedData() {}

    /** The shared data root, or a skipped test when it is not on this machine. */
    public static Path root() {
        String dir = System.getProperty("shared.data.dir");
        assumeTrue(
                dir != null && Files.isDirectory(Paths.get(dir)),
                "shared data folder not found (system property shared.data.dir=" + dir
                        + "); integration tests that send the DICOM corpus are skipped");
        return Paths.get(dir).toAbsolutePath().normalize();
    }

    /** The DICOM conformance corpus folder. */
    public static Path dicom() {
        return root().resolve("dicom");
    }

    /** The deliberately malformed DICOM files. */
    public static Path dicomBad() {
        Path bad = root().resolve("dicom-bad");
        assumeTrue(Files.isDirectory(bad), "shared data has no dicom-bad folder: " + bad);
        return bad;
    }

    /** A file of the DICOM corpus by its path relative to dicom/, or a skipped test when it is missing. */
    public static Path dicomFile(String relative) {
        Path file = dicom().resolve(relative);
        assumeTrue(Files.isRegularFile(file), "shared DICOM file missing: " + file);
        return file;
    }

    /** The rows of dicom/INVENTORY.tsv (header dropped). */
    public static List<InventoryRow> inventory() {
        Path tsv = dicom().resolve("INVENTORY.tsv");
        assumeTrue(Files.isRegularFile(tsv), "shared data has no dicom/INVENTORY.tsv: " + tsv);
        try {
            return Files.readAllLines(tsv).stream()
                    .skip(1)
                    .filter(line -> !line.isBlank())
                    .map(InventoryRow::parse)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tsv, e);
        }
    }

    /**
     * One line of INVENTORY.tsv: path bytes sop_class modality photometric bits_alloc bits_stored pixel_rep spp
     * rows_x_cols frames ts_uid transfer_syntax pydicom_decode.
     */
    public record InventoryRow(
            String path, long bytes, String sopClassName, String modality, String tsUid, String transferSyntaxName) {

        static InventoryRow parse(String line) {
            String[] f = line.split("\t", -1);
            if (f.length < 14) {
                throw new IllegalArgumentException(
                        "INVENTORY.tsv line with " + f.length + " columns, expected 14: " + line);
            }
            return new InventoryRow(f[0], Long.parseLong(f[1]), f[2], f[3], f[11], f[12]);
        }
    }
}
